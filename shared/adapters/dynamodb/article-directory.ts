import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ArticleDirectory } from '../../ports/article-directory.ts';
import { liveArticleKey } from './article-items.ts';

export class DynamoArticleDirectory implements ArticleDirectory {
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
}
