/**
 * The updates feed in the articles table: its entries (written inside the publication's and the
 * retraction's transactions, so an entry exists exactly when its change does) and its pages, each
 * one Query of the sparse byFeed index, newest first.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { FEED_FIELDS, type UpdateEntry, type UpdateKind, type UpdatesPage } from '../../domain/updates.ts';
import { FEED_PARTITION, feedSortOf, projection, retractionMarkKey } from './article-items.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts';

const INDEX = 'byFeed';
const CURSOR_ATTRIBUTES = ['pk', 'sk', 'feedKey', 'feedSort'];

/** A change as the feed lists it. */
type FeedChange = UpdateEntry;

/** The attributes that put an item in the feed (a version item carries them beside its own). */
export const feedAttributes = (change: FeedChange) => ({
  feedKey: FEED_PARTITION,
  feedSort: feedSortOf(change.at, change.slug, change.version),
  feedKind: change.kind,
  feedAt: change.at,
  slug: change.slug,
  title: change.title,
  version: change.version,
  ...(change.changeSummary !== undefined ? { changeSummary: change.changeSummary } : {}),
});

/** The retraction's own feed entry: the version item stays the publication's entry. */
export const retractionMarkItem = (change: Omit<FeedChange, 'kind'>) => ({
  ...retractionMarkKey(change.slug, change.version),
  entity: 'retraction',
  ...feedAttributes({ ...change, kind: 'retracted' }),
});

const toUpdate = (item: Record<string, unknown>): UpdateEntry => ({
  kind: item.feedKind as UpdateKind,
  slug: item.slug as string,
  title: item.title as string,
  version: item.version as number,
  at: item.feedAt as string,
  ...(typeof item.changeSummary === 'string' ? { changeSummary: item.changeSummary } : {}),
});

/**
 * A page of the feed: one Query for `limit + 1` entries (no filter, so the extra one says whether
 * another page exists and the last page has no cursor). `since` is a key condition on the sort key,
 * which starts with the entry's time; a cursor from another listing or from before `since` is a 400.
 */
export const readUpdates = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  request: { limit: number; cursor?: string; since?: string },
): Promise<UpdatesPage> => {
  const start = decodeCursor(request.cursor, CURSOR_ATTRIBUTES);
  if (
    start &&
    (start.feedKey !== FEED_PARTITION || (request.since && String(start.feedSort) < request.since))
  )
    throw invalidCursor();
  const fields = projection([...FEED_FIELDS, ...CURSOR_ATTRIBUTES]);
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: INDEX,
      KeyConditionExpression: request.since
        ? '#feedKey = :partition AND #feedSort >= :since'
        : '#feedKey = :partition',
      ProjectionExpression: fields.ProjectionExpression,
      ExpressionAttributeNames: {
        ...fields.ExpressionAttributeNames,
        '#feedKey': 'feedKey',
        ...(request.since ? { '#feedSort': 'feedSort' } : {}),
      },
      ExpressionAttributeValues: {
        ':partition': FEED_PARTITION,
        ...(request.since ? { ':since': request.since } : {}),
      },
      ScanIndexForward: false,
      Limit: request.limit + 1,
      ExclusiveStartKey: start,
    }),
  );
  const items = Items.slice(0, request.limit);
  const last = items.at(-1);
  return {
    items: items.map(toUpdate),
    ...(Items.length > request.limit && last
      ? {
          cursor: encodeCursor(
            Object.fromEntries(CURSOR_ATTRIBUTES.map((name) => [name, last[name] as string])),
          ),
        }
      : {}),
  };
};
