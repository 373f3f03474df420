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
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ArticleSummary } from '../../domain/article.ts';
import type { ListQuery } from '../../ports/article-reader.ts';
import { readNewestFirst } from './newest-first.ts';

export const TOPIC_INDEX = 'byTopic';
/** Queries one page of a list may send (one for a one-word topic that fills its page). */
export const MAX_TOPIC_QUERIES = 2;

export const topicPartition = (term: string) => `TOPIC#${term}`;

export const listByTopic = (
  client: DynamoDBDocumentClient,
  tableName: string,
  query: ListQuery,
): Promise<{ items: ArticleSummary[]; cursor?: string }> => {
  const [first, ...others] = query.topicTerms;
  if (first === undefined) throw new Error('listByTopic needs at least one topic term');
  return readNewestFirst(
    client,
    tableName,
    {
      index: TOPIC_INDEX,
      partitionAttribute: 'topicKey',
      sortAttribute: 'topicSort',
      partition: topicPartition(first),
      mustContain: { attribute: 'topicTerms', values: others },
      maxQueries: MAX_TOPIC_QUERIES,
    },
    query,
  );
};
