import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AskerHandle } from '../../domain/asker-handle.ts';
import type { AuditEntry, Question, QuestionStatus } from '../../domain/question.ts';
import type { ReviewReason } from '../../domain/review-cycle.ts';
import type {
  CreateQuestionResult,
  IdempotencyRecord,
  NewQuestion,
  QuestionChange,
  QuestionStore,
  RevisionWithDecisions,
} from '../../ports/question-store.ts';
import { byStatusCursor, encodeCursor } from './cursor.ts';
import { isLostRace } from './lost-race.ts';
import { cancellationCodes, type NamedPut, transactItems } from './named-transaction.ts';
import { outboxPuts } from './outbox-items.ts';
import { queryAll } from './query-all.ts';
import {
  auditItem,
  decisionSortKey,
  dedupKey,
  groupRevisions,
  handleKey,
  idempotencyItem,
  idempotencyKey,
  questionItem,
  questionKey,
  REASON_FILTERS,
  revisionSortKey,
  statusIndexKeys,
  toQuestion,
} from './question-items.ts';

/** Tries of a create that collides with a concurrent create of the same question or key. */
const CREATE_ATTEMPTS = 5;

export class DynamoQuestionStore implements QuestionStore {
  /** `outboxTable`: where the events of a change are written (stores whose changes announce need it). */
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly outboxTable?: string,
  ) {}

  private query(input: QueryCommandInput) {
    return queryAll(this.client, input);
  }

  async create(input: NewQuestion): Promise<CreateQuestionResult> {
    const { question, normalizedQuestion, audit, idempotency } = input;
    const mustBeNew = 'attribute_not_exists(pk)';
    const writes: NamedPut<'question' | 'dedup' | 'audit' | 'idempotency'>[] = [
      {
        name: 'question',
        put: { TableName: this.tableName, Item: questionItem(question), ConditionExpression: mustBeNew },
      },
      {
        name: 'dedup',
        put: {
          TableName: this.tableName,
          Item: { ...dedupKey(normalizedQuestion), entity: 'dedup', questionId: question.id },
          ConditionExpression: mustBeNew,
        },
      },
      { name: 'audit', put: { TableName: this.tableName, Item: auditItem(question.id, audit) } },
    ];
    if (idempotency) {
      writes.push({
        name: 'idempotency',
        put: {
          TableName: this.tableName,
          Item: idempotencyItem(idempotency, question.createdAt),
          ConditionExpression: mustBeNew,
        },
      });
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(
          new TransactWriteCommand({
            // The outbox's items come last: a cancellation's reasons name the writes above by index.
            TransactItems: [...transactItems(writes), ...outboxPuts(this.outboxTable, input.events)] as never,
          }),
        );
        return { kind: 'created', question };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = cancellationCodes(writes, error);
        // The key decides first: a replayed request must get its original answer.
        if (idempotency && reasons.idempotency === 'ConditionalCheckFailed') {
          const record = await this.getIdempotencyRecord(idempotency.key);
          if (record) return { kind: 'replay', record };
        }
        if (reasons.dedup === 'ConditionalCheckFailed') {
          const existing = await this.findByNormalizedQuestion(normalizedQuestion);
          if (existing) return { kind: 'duplicate', question: existing };
        }
        // The same question or key being created at this very moment: once that write lands,
        // the conditions above answer, so wait a little and try again.
        if (Object.values(reasons).includes('TransactionConflict') && attempt < CREATE_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 25 * attempt + Math.random() * 25));
          continue;
        }
        throw error;
      }
    }
  }

  async rememberIdempotency(record: IdempotencyRecord, at: string): Promise<IdempotencyRecord | undefined> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: idempotencyItem(record, at),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return this.getIdempotencyRecord(record.key);
    }
  }

  async get(id: string): Promise<Question | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: questionKey(id), ConsistentRead: true }),
    );
    return Item ? toQuestion(Item) : undefined;
  }

  async createHandle(handle: AskerHandle): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...handleKey(handle.id), entity: 'asker-handle', ...handle },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getHandle(id: string): Promise<AskerHandle | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: handleKey(id), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return {
      id: Item.id,
      questionId: Item.questionId,
      question: Item.question,
      audience: Item.audience,
      ...(Item.followUpOf ? { followUpOf: Item.followUpOf } : {}),
      createdAt: Item.createdAt,
    };
  }

  async commit(change: QuestionChange): Promise<boolean> {
    const { before, after } = change;
    const puts: Record<string, unknown>[] = [];
    puts.push({
      Put: {
        TableName: this.tableName,
        Item: questionItem(after),
        // Optimistic concurrency: whoever changed the question first wins, the other retries or gives up.
        ConditionExpression: '#updatedAt = :updatedAt AND #status = :status',
        ExpressionAttributeNames: { '#updatedAt': 'updatedAt', '#status': 'status' },
        ExpressionAttributeValues: { ':updatedAt': before.updatedAt, ':status': before.status },
      },
    });
    for (const entry of change.audit)
      puts.push({ Put: { TableName: this.tableName, Item: auditItem(after.id, entry) } });
    if (change.revision) {
      puts.push({
        Put: {
          TableName: this.tableName,
          Item: {
            pk: `Q#${after.id}`,
            sk: revisionSortKey(change.revision.revision),
            entity: 'revision',
            ...change.revision,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    if (change.decision) {
      puts.push({
        Put: {
          TableName: this.tableName,
          Item: {
            pk: `Q#${after.id}`,
            sk: decisionSortKey(change.decision.revision, change.decision.record.reviewer),
            entity: 'decision',
            revision: change.decision.revision,
            ...change.decision.record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    puts.push(...outboxPuts(this.outboxTable, change.events));
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: puts as never }));
      return true;
    } catch (error) {
      if (isLostRace(error)) return false;
      throw error;
    }
  }

  async getRevision(questionId: string, revision: number): Promise<RevisionWithDecisions | undefined> {
    const items = await this.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `Q#${questionId}`, ':prefix': revisionSortKey(revision) },
      ConsistentRead: true,
    });
    return groupRevisions(items)[0];
  }

  async listRevisions(questionId: string): Promise<RevisionWithDecisions[]> {
    const items = await this.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `Q#${questionId}`, ':prefix': 'REV#' },
      ConsistentRead: true,
    });
    return groupRevisions(items);
  }

  async listAudit(questionId: string): Promise<AuditEntry[]> {
    const items = await this.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `Q#${questionId}`, ':prefix': 'AUDIT#' },
      ConsistentRead: true,
    });
    return items.map(({ pk: _pk, sk: _sk, entity: _entity, ...entry }) => entry as unknown as AuditEntry);
  }

  async listByStatus(
    status: QuestionStatus,
    options: { limit: number; cursor?: string; before?: string; reason?: ReviewReason },
  ): Promise<{ items: Question[]; cursor?: string }> {
    const { statusKey } = statusIndexKeys(status, '', '');
    const reason = options.reason ? REASON_FILTERS[options.reason] : undefined;
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
          ...reason?.values,
        },
        ...(reason ? { FilterExpression: reason.filter } : {}),
        Limit: options.limit,
        ExclusiveStartKey: byStatusCursor(statusKey, options.cursor),
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
