import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DueArticle } from '../../domain/review-cycle.ts';
import type { ReviewDueIndex } from '../../ports/review-due-index.ts';
import { liveArticleKey, REVIEW_DUE_PARTITION, reviewDueSortOf } from './article-items.ts';

const INDEX = 'byReviewDue';

/** The due date a byReviewDue sort key starts with (`<nextReviewDue>#<slug>`). */
const dueDateOf = (sort: string): string => sort.slice(0, sort.indexOf('#'));

/** The byReviewDue index of the articles table: one Query per read, one UpdateItem per article taken off. */
export class DynamoReviewDueIndex implements ReviewDueIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listDue(at: string, limit: number): Promise<DueArticle[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX,
        // `$` sorts right after `#`: every article due at or before `at`, whatever its slug.
        KeyConditionExpression: 'reviewDueKey = :due AND reviewDueSort < :until',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':due': REVIEW_DUE_PARTITION, ':until': `${at}$` },
        ProjectionExpression: 'slug, id, #version, reviewDueSort',
        Limit: limit,
      }),
    );
    return Items.map((item) => ({
      slug: item.slug as string,
      questionId: item.id as string,
      version: item.version as number,
      nextReviewDue: dueDateOf(item.reviewDueSort as string),
    }));
  }

  async takeOff(article: DueArticle): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: liveArticleKey(article.slug),
          UpdateExpression: 'REMOVE reviewDueKey, reviewDueSort',
          ConditionExpression: '#version = :version AND reviewDueSort = :sort',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: {
            ':version': article.version,
            ':sort': reviewDueSortOf(article.nextReviewDue, article.slug),
          },
        }),
      );
    } catch (error) {
      // Already off the list, retracted, or replaced by a newer version: nothing to take off.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
