/**
 * Reader feedback lives in the questions table:
 *   FEEDBACK#<id>   FEEDBACK                    the feedback (byStatus keys `FEEDBACK#<status>`, `<receivedAt>#<id>`:
 *                                               every article's, oldest first)
 *   Q#<question>    FEEDBACK#<receivedAt>#<id>  a copy beside its question: one article's feedback in one Query
 *   Q#<question>    AUDIT#…                     the audit entry of its submission and of its resolution
 * Both copies are written in one transaction, the copy only with the feedback item's condition.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FeedbackReceived } from '../../../events/contracts.ts';
import type { Feedback, FeedbackStatus } from '../../domain/feedback.ts';
import type { AuditEntry } from '../../domain/question.ts';
import type { FeedbackStore } from '../../ports/feedback-store.ts';
import { byStatusCursor, encodeCursor } from './cursor.ts';
import { isLostRace } from './lost-race.ts';
import { outboxPuts } from './outbox-items.ts';
import { auditItem } from './question-items.ts';

const feedbackKey = (id: string) => ({ pk: `FEEDBACK#${id}`, sk: 'FEEDBACK' });
const statusKeyOf = (status: FeedbackStatus) => `FEEDBACK#${status}`;
const copyKey = (feedback: Feedback) => ({
  pk: `Q#${feedback.questionId}`,
  sk: `FEEDBACK#${feedback.receivedAt}#${feedback.id}`,
});
const copyItem = (feedback: Feedback) => ({ ...copyKey(feedback), entity: 'feedback-copy', ...feedback });

const feedbackItem = (feedback: Feedback) => ({
  ...feedbackKey(feedback.id),
  entity: 'feedback',
  ...feedback,
  statusKey: statusKeyOf(feedback.status),
  statusSince: `${feedback.receivedAt}#${feedback.id}`,
});

const toFeedback = (item: Record<string, unknown>): Feedback => {
  const { pk: _pk, sk: _sk, entity: _entity, statusKey: _key, statusSince: _since, ...feedback } = item;
  return feedback as unknown as Feedback;
};

export class DynamoFeedbackStore implements FeedbackStore {
  /** `outboxTable`: where a report's `feedback.received` is written (the writer of reports needs it). */
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly outboxTable?: string,
  ) {}

  async submit(feedback: Feedback, audit: AuditEntry, event: FeedbackReceived): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: feedbackItem(feedback),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: this.tableName, Item: copyItem(feedback) } },
          { Put: { TableName: this.tableName, Item: auditItem(feedback.questionId, audit) } },
          ...outboxPuts(this.outboxTable, [event]),
        ],
      }),
    );
  }

  async listForQuestion(questionId: string, limit: number): Promise<Feedback[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `Q#${questionId}`, ':prefix': 'FEEDBACK#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map(toFeedback);
  }

  async get(id: string): Promise<Feedback | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: feedbackKey(id), ConsistentRead: true }),
    );
    return Item ? toFeedback(Item) : undefined;
  }

  async list(
    status: FeedbackStatus,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: Feedback[]; cursor?: string }> {
    const statusKey = statusKeyOf(status);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byStatus',
        KeyConditionExpression: 'statusKey = :status',
        ExpressionAttributeValues: { ':status': statusKey },
        Limit: page.limit,
        ExclusiveStartKey: byStatusCursor(statusKey, page.cursor),
      }),
    );
    const cursor = encodeCursor(result.LastEvaluatedKey as Record<string, string> | undefined);
    return { items: (result.Items ?? []).map(toFeedback), ...(cursor ? { cursor } : {}) };
  }

  async resolve(resolved: Feedback, audit: AuditEntry): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: feedbackItem(resolved),
                ConditionExpression: '#status = :open',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':open': 'open' },
              },
            },
            { Put: { TableName: this.tableName, Item: copyItem(resolved) } },
            { Put: { TableName: this.tableName, Item: auditItem(resolved.questionId, audit) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isLostRace(error)) return false;
      throw error;
    }
  }
}
