import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ArticleDirectory, LiveArticleVersions } from '../../ports/article-directory.ts';
import { liveArticleKey } from './article-items.ts';

export class DynamoArticleDirectory implements ArticleDirectory, LiveArticleVersions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async isPublished(slug: string, options: { consistent?: boolean } = {}): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: liveArticleKey(slug),
        ProjectionExpression: 'pk',
        ...(options.consistent ? { ConsistentRead: true } : {}),
      }),
    );
    return Item !== undefined;
  }

  async liveVersion(slug: string): Promise<{ questionId: string; version: number } | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: liveArticleKey(slug),
        ProjectionExpression: 'id, #version',
        ExpressionAttributeNames: { '#version': 'version' },
      }),
    );
    return Item ? { questionId: Item.id as string, version: Item.version as number } : undefined;
  }
}
