import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BackfillArticle, ReviewCycleBackfillStore } from '../../ports/review-cycle-backfill.ts';
import {
  BY_UPDATE_INDEX,
  LIST_PARTITION,
  liveArticleKey,
  projection,
  REVIEW_DUE_PARTITION,
  reviewDueSortOf,
  versionKey,
} from './article-items.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { feedAttributes } from './update-feed.ts';

const CURSOR_ATTRIBUTES = ['pk', 'sk', 'listKey', 'listSort'];
const FIELDS = [
  'slug',
  'id',
  'version',
  'revision',
  'title',
  'publishedAt',
  'lastUpdated',
  'review',
  'sourceIds',
];

const toArticle = (item: Record<string, unknown>): BackfillArticle => {
  const review = (item.review ?? {}) as { approvals?: { at: string }[]; nextReviewDue?: string };
  return {
    slug: item.slug as string,
    questionId: item.id as string,
    version: item.version as number,
    revision: item.revision as number,
    title: item.title as string,
    publishedAt: item.publishedAt as string,
    lastUpdated: item.lastUpdated as string,
    approvals: (review.approvals ?? []).map(({ at }) => ({ at })),
    hasReviewDates: typeof review.nextReviewDue === 'string',
    hasSourceIds: Array.isArray(item.sourceIds),
  };
};

/** Conditional writes: a failed condition means there is nothing to add (any more). */
const written = async (send: () => Promise<unknown>): Promise<boolean> => {
  try {
    await send();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** The review-cycle backfill's reads and writes in the articles table (article-items.ts). */
export class DynamoReviewCycleBackfill implements ReviewCycleBackfillStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One Query of the byUpdate index's live-article partition (search postings live in other partitions). */
  async liveArticles(page: { limit: number; cursor?: string }) {
    const start = decodeCursor(page.cursor, CURSOR_ATTRIBUTES);
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: BY_UPDATE_INDEX,
        KeyConditionExpression: 'listKey = :list',
        ExpressionAttributeValues: { ':list': LIST_PARTITION },
        ...projection(FIELDS),
        Limit: page.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const cursor = encodeCursor(LastEvaluatedKey);
    return { items: Items.map(toArticle), ...(cursor ? { cursor } : {}) };
  }

  addDueEntry(article: BackfillArticle, nextReviewDue: string) {
    return written(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: liveArticleKey(article.slug),
          UpdateExpression: 'SET reviewDueKey = :due, reviewDueSort = :sort',
          ConditionExpression:
            '#version = :version AND attribute_not_exists(reviewDueKey) AND attribute_not_exists(review.nextReviewDue)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: {
            ':due': REVIEW_DUE_PARTITION,
            ':sort': reviewDueSortOf(nextReviewDue, article.slug),
            ':version': article.version,
          },
        }),
      ),
    );
  }

  addSourceIds(article: BackfillArticle, sourceIds: readonly string[]) {
    return written(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: liveArticleKey(article.slug),
          UpdateExpression: 'SET sourceIds = :ids',
          ConditionExpression: '#version = :version AND attribute_not_exists(sourceIds)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':ids': [...sourceIds], ':version': article.version },
        }),
      ),
    );
  }

  addFeedEntry(article: BackfillArticle) {
    const feed = feedAttributes({
      kind: article.version === 1 ? 'published' : 'revised',
      slug: article.slug,
      title: article.title,
      version: article.version,
      at: article.publishedAt,
    });
    const names = Object.keys(feed);
    return written(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: versionKey(article.slug, article.version),
          UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :a${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(feedKey)',
          ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(
            names.map((name, i) => [`:a${i}`, feed[name as keyof typeof feed]]),
          ),
        }),
      ),
    );
  }
}
