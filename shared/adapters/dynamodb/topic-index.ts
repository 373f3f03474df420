/**
 * The list's topic filter, read from the `byTopic` index instead of filtering every live article.
 * Each search posting of a live article (its strongest search and similarity terms, written with
 * the article at publication and deleted at retraction) also carries topicKey=TOPIC#<term> and
 * topicSort=<lastUpdated>#<slug>, the list's summary fields and the article's posting terms. A
 * one-word topic is one Query of its partition, newest first; a topic of several words reads the
 * partition of its first word and keeps the postings whose article has the other words too, at most
 * MAX_TOPIC_QUERIES Queries a page: a page can then hold fewer than `limit` items with a cursor to
 * go on, but it never costs more, whatever the corpus.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ARTICLE_SUMMARY_FIELDS, type ArticleSummary } from '../../domain/article.ts';
import type { ListQuery } from '../../ports/article-reader.ts';
import { projection, toArticleSummary } from './article-items.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts';

export const TOPIC_INDEX = 'byTopic';
/** Queries one page of a topic may send (one for a one-word topic that fills its page). */
export const MAX_TOPIC_QUERIES = 2;

export const topicPartition = (term: string) => `TOPIC#${term}`;

const CURSOR_ATTRIBUTES = ['pk', 'sk', 'topicKey', 'topicSort'];
type Item = Record<string, unknown>;

export const listByTopic = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  query: ListQuery,
): Promise<{ items: ArticleSummary[]; cursor?: string }> => {
  const [first, ...others] = query.topicTerms;
  if (first === undefined) throw new Error('listByTopic needs at least one topic term');
  const partition = topicPartition(first);
  const start = decodeCursor(query.cursor, CURSOR_ATTRIBUTES);
  if (
    start &&
    (start.topicKey !== partition || (query.updatedSince && String(start.topicSort) < query.updatedSince))
  )
    throw invalidCursor();

  const fields = projection([...ARTICLE_SUMMARY_FIELDS, ...CURSOR_ATTRIBUTES]);
  const names: Record<string, string> = { ...fields.ExpressionAttributeNames, '#topicKey': 'topicKey' };
  const values: Record<string, unknown> = { ':topic': partition };
  let keyCondition = '#topicKey = :topic';
  if (query.updatedSince) {
    keyCondition += ' AND #topicSort >= :since';
    names['#topicSort'] = 'topicSort';
    values[':since'] = query.updatedSince;
  }
  const filters = others.map((term, i) => {
    values[`:t${i}`] = term;
    return `contains(#topicTerms, :t${i})`;
  });
  if (filters.length > 0) names['#topicTerms'] = 'topicTerms';

  // One more than asked for tells whether another page exists, so the last page has no cursor.
  const wanted = query.limit + 1;
  const found: Item[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined = start;
  let queries = 0;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: TOPIC_INDEX,
        KeyConditionExpression: keyCondition,
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ProjectionExpression: fields.ProjectionExpression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: Math.max(wanted, 25),
        ExclusiveStartKey: exclusiveStartKey,
      }),
    );
    queries++;
    found.push(...(page.Items ?? []));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (found.length < wanted && exclusiveStartKey && queries < MAX_TOPIC_QUERIES);

  const items = found.slice(0, query.limit);
  // More exists if a match beyond the page was read, or the partition was not read to its end
  // (then the cursor continues from the last item read, matching or not).
  const resumeFrom = found.length > query.limit ? items.at(-1) : exclusiveStartKey;
  return {
    items: items.map(toArticleSummary),
    ...(resumeFrom
      ? {
          cursor: encodeCursor({
            pk: resumeFrom.pk as string,
            sk: resumeFrom.sk as string,
            topicKey: resumeFrom.topicKey as string,
            topicSort: resumeFrom.topicSort as string,
          }),
        }
      : {}),
  };
};
