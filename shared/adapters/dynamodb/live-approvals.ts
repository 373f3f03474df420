import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type StoredArticle, withEtags } from '../../domain/article.ts';
import type { PublicApproval } from '../../domain/reviewer.ts';
import type { LiveApprovals, LiveApprovalsStore } from '../../ports/live-approvals.ts';
import { liveArticleKey, versionKey } from './article-items.ts';
import { isLostRace } from './lost-race.ts';

/**
 * The approvals on the live article item (`review.approvals`, with the
 * internal `approverKeys` and `namesRevision`) and the names on its
 * version-history entry (`approvedBy`), renamed together in one transaction.
 */
export class DynamoLiveApprovals implements LiveApprovalsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(slug: string): Promise<LiveApprovals | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: liveArticleKey(slug),
        ConsistentRead: true,
        ProjectionExpression: '#version, #review, approverKeys, namesRevision',
        ExpressionAttributeNames: { '#version': 'version', '#review': 'review' },
      }),
    );
    if (!Item) return undefined;
    return {
      version: Item.version as number,
      approvals: ((Item.review as { approvals?: PublicApproval[] } | undefined)?.approvals ?? []).map(
        (approval) => ({ ...approval }),
      ),
      approverKeys: (Item.approverKeys as string[] | undefined) ?? [],
      namesRevision: (Item.namesRevision as number | undefined) ?? 0,
    };
  }

  async rename(
    slug: string,
    expected: LiveApprovals,
    approvals: PublicApproval[],
  ): Promise<'written' | 'conflict'> {
    // The stored ETags cover the approvals too: work them out from the item as it is now, and write only
    // while its links (which the ETags also cover) have not changed meanwhile.
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: liveArticleKey(slug), ConsistentRead: true }),
    );
    if (!Item || Item.version !== expected.version) return 'conflict';
    const article = Item as unknown as StoredArticle & { linksRev?: number };
    const { etags } = withEtags({ ...article, review: { ...article.review, approvals } });
    const linksRev = article.linksRev ?? 0;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: liveArticleKey(slug),
                UpdateExpression: 'SET #review.approvals = :approvals, namesRevision = :next, etags = :etags',
                // A version never renamed has no namesRevision yet: that is revision 0.
                ConditionExpression:
                  (expected.namesRevision === 0
                    ? '#version = :version AND attribute_not_exists(namesRevision)'
                    : '#version = :version AND namesRevision = :names') +
                  (Item.linksRev === undefined ? '' : ' AND linksRev = :linksRev'),
                ExpressionAttributeNames: { '#review': 'review', '#version': 'version' },
                ExpressionAttributeValues: {
                  ':approvals': approvals,
                  ':next': expected.namesRevision + 1,
                  ':version': expected.version,
                  ':etags': etags,
                  ...(Item.linksRev === undefined ? {} : { ':linksRev': linksRev }),
                  ...(expected.namesRevision === 0 ? {} : { ':names': expected.namesRevision }),
                },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: versionKey(slug, expected.version),
                UpdateExpression: 'SET approvedBy = :names',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(retractedAt)',
                ExpressionAttributeValues: { ':names': approvals.map(({ name }) => name) },
              },
            },
          ],
        }),
      );
      return 'written';
    } catch (error) {
      if (isLostRace(error)) return 'conflict';
      throw error;
    }
  }
}
