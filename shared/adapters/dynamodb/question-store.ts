import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Question, QuestionStatus } from '../../domain/question.ts';
import type {
  CreateQuestionResult,
  IdempotencyRecord,
  NewQuestion,
  QuestionStore,
} from '../../ports/question-store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import {
  auditItem,
  dedupKey,
  idempotencyKey,
  questionItem,
  questionKey,
  statusIndexKeys,
  toQuestion,
} from './question-items.ts';

/** Idempotency keys are remembered for a day, as clients retry within minutes. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export class DynamoQuestionStore implements QuestionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(input: NewQuestion): Promise<CreateQuestionResult> {
    const { question, normalizedQuestion, audit, idempotency } = input;
    const mustBeNew = 'attribute_not_exists(pk)';
    const items: {
      Put: { TableName: string; Item: Record<string, unknown>; ConditionExpression?: string };
    }[] = [
      { Put: { TableName: this.tableName, Item: questionItem(question), ConditionExpression: mustBeNew } },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...dedupKey(normalizedQuestion), entity: 'dedup', questionId: question.id },
          ConditionExpression: mustBeNew,
        },
      },
      { Put: { TableName: this.tableName, Item: auditItem(question.id, audit) } },
    ];
    if (idempotency) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...idempotencyKey(idempotency.key),
            entity: 'idempotency',
            bodyHash: idempotency.bodyHash,
            response: idempotency.response,
            expiresAt: Math.floor(Date.parse(question.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
          },
          ConditionExpression: mustBeNew,
        },
      });
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return { kind: 'created', question };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const failed = (index: number) => error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';
      // The key decides first: a replayed request must get its original answer.
      if (idempotency && failed(3)) {
        const record = await this.getIdempotencyRecord(idempotency.key);
        if (record) return { kind: 'replay', record };
      }
      if (failed(1)) {
        const existing = await this.findByNormalizedQuestion(normalizedQuestion);
        if (existing) return { kind: 'duplicate', question: existing };
      }
      throw error;
    }
  }

  async get(id: string): Promise<Question | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: questionKey(id), ConsistentRead: true }),
    );
    return Item ? toQuestion(Item) : undefined;
  }

  async listByStatus(
    status: QuestionStatus,
    options: { limit: number; cursor?: string; before?: string },
  ): Promise<{ items: Question[]; cursor?: string }> {
    const { statusKey } = statusIndexKeys(status, '', '');
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byStatus',
        KeyConditionExpression: options.before
          ? 'statusKey = :status AND statusSince < :before'
          : 'statusKey = :status',
        ExpressionAttributeValues: {
          ':status': statusKey,
          ...(options.before ? { ':before': options.before } : {}),
        },
        Limit: options.limit,
        ExclusiveStartKey: decodeCursor(options.cursor, ['pk', 'sk', 'statusKey', 'statusSince']),
      }),
    );
    return {
      items: (result.Items ?? []).map(toQuestion),
      cursor: encodeCursor(result.LastEvaluatedKey as Record<string, string> | undefined),
    };
  }

  private async getIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: idempotencyKey(key), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return { key, bodyHash: Item.bodyHash, response: Item.response };
  }

  private async findByNormalizedQuestion(normalized: string): Promise<Question | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: dedupKey(normalized), ConsistentRead: true }),
    );
    return Item ? this.get(Item.questionId) : undefined;
  }
}
