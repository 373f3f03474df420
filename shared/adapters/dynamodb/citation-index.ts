import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CitationIndex, CitingArticle, CitingPage } from '../../ports/citation-index.ts';
import { articlePartition, citationKey, citesPartition } from './article-items.ts';

/** BatchWriteItem's limit. */
const BATCH_WRITE_ITEMS = 25;
const MAX_ATTEMPTS = 8;

const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 1000) * (0.5 + Math.random())));

/** The citation index in the articles table: `CITES#<sourceId>` / `A#<slug>` items (article-items.ts). */
export class DynamoCitationIndex implements CitationIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One BatchWriteItem per 25 cited sources (a draft cites at most 50), unprocessed puts retried. */
  async record(article: CitingArticle, sourceIds: readonly string[]): Promise<void> {
    const puts = [...new Set(sourceIds)].map((sourceId) => ({
      PutRequest: {
        Item: { ...citationKey(sourceId, article.slug), entity: 'citation', sourceId, ...article },
      },
    }));
    for (let start = 0; start < puts.length; start += BATCH_WRITE_ITEMS) {
      let pending: unknown[] = puts.slice(start, start + BATCH_WRITE_ITEMS);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS) throw new Error('DynamoDB kept leaving citation index puts unprocessed');
        if (attempt > 0) await backoff(attempt);
        const result = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }),
        );
        pending = result.UnprocessedItems?.[this.tableName] ?? [];
      }
    }
  }

  async citing(sourceId: string, page: { limit: number; after?: string }): Promise<CitingPage> {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': citesPartition(sourceId) },
        ProjectionExpression: 'slug, questionId',
        ConsistentRead: true,
        Limit: page.limit,
        ...(page.after ? { ExclusiveStartKey: citationKey(sourceId, page.after) } : {}),
      }),
    );
    const items = Items.map((item) => ({ slug: item.slug as string, questionId: item.questionId as string }));
    const next = LastEvaluatedKey
      ? String(LastEvaluatedKey.sk).slice(articlePartition('').length)
      : undefined;
    return { items, ...(next ? { next } : {}) };
  }
}
