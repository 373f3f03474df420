/**
 * One page of a list read newest first from an index partition whose sort key starts with the
 * entry's last update (`<lastUpdated>#<slug>`): the live-article list (`byUpdate`, partition
 * ARTICLES) and its topic filter (`byTopic`, partition TOPIC#<term>). `updatedSince` is a key
 * condition; `mustContain` filters on a list attribute. A page sends at most `maxQueries` Queries,
 * so a filtered page can hold fewer than `limit` items with a cursor to go on, but it never costs
 * more, whatever the partition holds.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ARTICLE_SUMMARY_FIELDS, type ArticleSummary } from '../../domain/article.ts';
import { projection, toArticleSummary } from './article-items.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts';

export interface NewestFirstListing {
  index: string;
  partitionAttribute: string;
  sortAttribute: string;
  partition: string;
  /** Each of these values must be in the item's list attribute `attribute`. */
  mustContain?: { attribute: string; values: string[] };
  maxQueries: number;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
  updatedSince?: string;
}

type Item = Record<string, unknown>;

export const readNewestFirst = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  listing: NewestFirstListing,
  request: PageRequest,
): Promise<{ items: ArticleSummary[]; cursor?: string }> => {
  const { partitionAttribute: key, sortAttribute: sort } = listing;
  const cursorAttributes = ['pk', 'sk', key, sort];
  const start = decodeCursor(request.cursor, cursorAttributes);
  if (
    start &&
    (start[key] !== listing.partition || (request.updatedSince && String(start[sort]) < request.updatedSince))
  )
    throw invalidCursor();

  const fields = projection([...ARTICLE_SUMMARY_FIELDS, ...cursorAttributes]);
  const names: Record<string, string> = { ...fields.ExpressionAttributeNames, '#key': key };
  const values: Record<string, unknown> = { ':partition': listing.partition };
  let keyCondition = '#key = :partition';
  if (request.updatedSince) {
    keyCondition += ' AND #sort >= :since';
    names['#sort'] = sort;
    values[':since'] = request.updatedSince;
  }
  const filters = (listing.mustContain?.values ?? []).map((value, i) => {
    values[`:v${i}`] = value;
    return `contains(#contains, :v${i})`;
  });
  if (listing.mustContain && filters.length > 0) names['#contains'] = listing.mustContain.attribute;

  // One more than asked for tells whether another page exists, so the last page has no cursor.
  const wanted = request.limit + 1;
  const found: Item[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined = start;
  let queries = 0;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: listing.index,
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
  } while (found.length < wanted && exclusiveStartKey && queries < listing.maxQueries);

  const items = found.slice(0, request.limit);
  // More exists if a match beyond the page was read, or the partition was not read to its end
  // (then the cursor continues from the last item read, matching or not).
  const resumeFrom = found.length > request.limit ? items.at(-1) : exclusiveStartKey;
  return {
    items: items.map(toArticleSummary),
    ...(resumeFrom
      ? {
          cursor: encodeCursor(
            Object.fromEntries(cursorAttributes.map((name) => [name, resumeFrom[name] as string])),
          ),
        }
      : {}),
  };
};
