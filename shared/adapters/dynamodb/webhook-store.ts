/**
 * Item layout of the webhooks table:
 *   ENDPOINTS            <id>                           an endpoint, its secrets and health
 *   ENDPOINTS            #count                         how many endpoints exist (creation is bounded)
 *   DELIVERIES#<id>      <attemptedAt>#<eventId>#<n>    one attempt (expires after 7 days)
 *   DEAD#<id>            <at>#<eventId>                 an event whose last attempt failed (expires after 30 days)
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type DeliveryAttempt,
  MAX_WEBHOOK_ENDPOINTS,
  type StoredWebhookEndpoint,
  type WebhookEvent,
  type WebhookSecret,
} from '../../domain/webhook.ts';
import type { EndpointHealth, WebhookStore } from '../../ports/webhooks.ts';
import { isLostRace } from './lost-race.ts';

const ENDPOINTS = 'ENDPOINTS';
const COUNT = '#count';
const DAY_S = 24 * 60 * 60;
const expiresIn = (at: string, days: number) => Math.floor(Date.parse(at) / 1000) + days * DAY_S;

type Item = Record<string, unknown>;

const toEndpoint = (item: Item): StoredWebhookEndpoint => {
  const { pk: _pk, sk, ...rest } = item;
  return { ...(rest as Omit<StoredWebhookEndpoint, 'id'>), id: sk as string };
};

const toAttempt = (item: Item): DeliveryAttempt => {
  const { pk: _pk, sk: _sk, expiresAt: _expiresAt, ...rest } = item;
  return rest as unknown as DeliveryAttempt;
};

/**
 * A condition that no longer held: a single write's, or a transaction's (isLostRace). A transaction
 * cancelled for another reason (throttling, a validation error) is an error, not a lost race.
 */
const lostCondition = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || isLostRace(error);

export class DynamoWebhookStore implements WebhookStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(endpoint: StoredWebhookEndpoint): Promise<boolean> {
    const { id, ...attributes } = endpoint;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: ENDPOINTS, sk: COUNT },
                UpdateExpression: 'ADD endpoints :one',
                ConditionExpression: 'attribute_not_exists(endpoints) OR endpoints < :max',
                ExpressionAttributeValues: { ':one': 1, ':max': MAX_WEBHOOK_ENDPOINTS },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: ENDPOINTS, sk: id, ...attributes },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (lostCondition(error)) return false;
      throw error;
    }
  }

  async list(): Promise<StoredWebhookEndpoint[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': ENDPOINTS },
        // The count item and at most MAX_WEBHOOK_ENDPOINTS endpoints: one page.
        Limit: MAX_WEBHOOK_ENDPOINTS + 1,
      }),
    );
    return Items.filter((item) => item.sk !== COUNT).map(toEndpoint);
  }

  async get(id: string): Promise<StoredWebhookEndpoint | undefined> {
    if (id === COUNT) return undefined;
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: ENDPOINTS, sk: id } }),
    );
    return Item ? toEndpoint(Item) : undefined;
  }

  async setSecrets(id: string, secrets: WebhookSecret[]): Promise<StoredWebhookEndpoint | undefined> {
    if (id === COUNT) return undefined;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: ENDPOINTS, sk: id },
          UpdateExpression: 'SET secrets = :secrets',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':secrets': secrets },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toEndpoint(Attributes) : undefined;
    } catch (error) {
      if (lostCondition(error)) return undefined;
      throw error;
    }
  }

  async delete(id: string): Promise<boolean> {
    if (id === COUNT) return false;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.tableName,
                Key: { pk: ENDPOINTS, sk: id },
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: ENDPOINTS, sk: COUNT },
                UpdateExpression: 'ADD endpoints :minusOne',
                ExpressionAttributeValues: { ':minusOne': -1 },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (lostCondition(error)) return false;
      throw error;
    }
  }

  async recordAttempt(attempt: DeliveryAttempt, health: EndpointHealth): Promise<void> {
    const update =
      health.kind === 'healthy'
        ? { UpdateExpression: 'REMOVE failingSince' }
        : health.kind === 'failing'
          ? {
              UpdateExpression: 'SET failingSince = if_not_exists(failingSince, :since)',
              ExpressionAttributeValues: { ':since': health.since },
            }
          : {
              UpdateExpression: 'SET #status = :disabled, disabledAt = :at, failingSince = :since',
              ExpressionAttributeValues: {
                ':disabled': 'disabled',
                ':at': health.at,
                ':since': health.since,
              },
            };
    await Promise.all([
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `DELIVERIES#${attempt.endpointId}`,
            sk: `${attempt.attemptedAt}#${attempt.eventId}#${String(attempt.attempt).padStart(3, '0')}`,
            ...attempt,
            expiresAt: expiresIn(attempt.attemptedAt, 7),
          },
        }),
      ),
      this.client
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: ENDPOINTS, sk: attempt.endpointId },
            ConditionExpression: 'attribute_exists(pk)',
            ...(health.kind === 'disabled' ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
            ...update,
          }),
        )
        .catch((error: unknown) => {
          // Deleted meanwhile: nothing left to keep healthy.
          if (!lostCondition(error)) throw error;
        }),
    ]);
  }

  async deliveries(id: string, limit: number): Promise<DeliveryAttempt[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `DELIVERIES#${id}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map(toAttempt);
  }

  async deadLetter(attempt: DeliveryAttempt, event: WebhookEvent): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `DEAD#${attempt.endpointId}`,
          sk: `${attempt.attemptedAt}#${attempt.eventId}`,
          attempt,
          event,
          expiresAt: expiresIn(attempt.attemptedAt, 30),
        },
      }),
    );
  }
}
