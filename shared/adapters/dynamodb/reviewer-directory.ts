/**
 * Item layout of the reviewers table:
 *   PROFILES           <reviewer key>   a reviewer's public profile (one partition: the board is small)
 *   APPROVED#<key>     <slug>           the reviewer approved live version `version` of the article
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { NONE_DECLARED, type ReviewerProfile, type ReviewerProfileInput } from '../../domain/reviewer.ts';
import type { ApprovalRecord, ReviewerDirectory } from '../../ports/reviewer-directory.ts';
import { queryAll } from './query-all.ts';

const PROFILES = 'PROFILES';
const approvedPartition = (key: string) => `APPROVED#${key}`;

type Item = Record<string, unknown>;

const toProfile = (item: Item): ReviewerProfile => ({
  subject: item.sk as string,
  displayName: item.displayName as string,
  credentials: item.credentials as string,
  specialty: item.specialty as string,
  ...(typeof item.affiliation === 'string' ? { affiliation: item.affiliation } : {}),
  // Profiles written before disclosures were asked for declared none.
  disclosures: typeof item.disclosures === 'string' ? item.disclosures : NONE_DECLARED,
  createdAt: item.createdAt as string,
  updatedAt: item.updatedAt as string,
});

/** A condition that failed is the expected outcome of these writes, not an error. */
const ignoringLostCondition = async (write: Promise<unknown>): Promise<void> => {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};

export class DynamoReviewerDirectory implements ReviewerDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putProfile(key: string, input: ReviewerProfileInput, at: string): Promise<ReviewerProfile> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: PROFILES, sk: key },
        UpdateExpression:
          'SET displayName = :name, credentials = :credentials, specialty = :specialty, ' +
          `disclosures = :disclosures, ${input.affiliation ? 'affiliation = :affiliation, ' : ''}` +
          'updatedAt = :at, createdAt = if_not_exists(createdAt, :at)' +
          (input.affiliation ? '' : ' REMOVE affiliation'),
        ExpressionAttributeValues: {
          ':name': input.displayName,
          ':credentials': input.credentials,
          ':specialty': input.specialty,
          ':disclosures': input.disclosures,
          ...(input.affiliation ? { ':affiliation': input.affiliation } : {}),
          ':at': at,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toProfile(Attributes as Item);
  }

  async getProfiles(keys: readonly string[]): Promise<Map<string, ReviewerProfile>> {
    const found = await Promise.all(
      [...new Set(keys)].map(async (key) => {
        const { Item } = await this.client.send(
          new GetCommand({ TableName: this.tableName, Key: { pk: PROFILES, sk: key }, ConsistentRead: true }),
        );
        return Item ? toProfile(Item) : undefined;
      }),
    );
    return new Map(
      found.filter((profile) => profile !== undefined).map((profile) => [profile.subject, profile]),
    );
  }

  async listProfiles(): Promise<ReviewerProfile[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PROFILES },
    });
    return items.map(toProfile);
  }

  async recordApprovals(keys: readonly string[], record: ApprovalRecord): Promise<void> {
    await Promise.all(
      [...new Set(keys)].map((key) =>
        // A redelivered older publication never overwrites the record of a newer one.
        ignoringLostCondition(
          this.client.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { pk: approvedPartition(key), sk: record.slug, version: record.version },
              ConditionExpression: 'attribute_not_exists(pk) OR #version <= :version',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':version': record.version },
            }),
          ),
        ),
      ),
    );
  }

  async listApprovals(
    key: string,
    page: { limit: number; afterSlug?: string },
  ): Promise<{ items: ApprovalRecord[]; more: boolean }> {
    // One more than asked for tells whether another page exists (DynamoDB's LastEvaluatedKey does not).
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': approvedPartition(key) },
        Limit: page.limit + 1,
        ConsistentRead: true,
        ...(page.afterSlug !== undefined
          ? { ExclusiveStartKey: { pk: approvedPartition(key), sk: page.afterSlug } }
          : {}),
      }),
    );
    return {
      items: Items.slice(0, page.limit).map((item) => ({
        slug: item.sk as string,
        version: item.version as number,
      })),
      more: Items.length > page.limit,
    };
  }

  async forgetApproval(key: string, record: ApprovalRecord): Promise<void> {
    await ignoringLostCondition(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: approvedPartition(key), sk: record.slug },
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': record.version },
        }),
      ),
    );
  }
}
