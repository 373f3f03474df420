import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { killAfterTransaction, parseKillAfter } from '../../../infra/local/fault-hook.ts';

/** A document client whose requests never leave the process: every request "commits" at once. */
const committingClient = () => {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
  const sent: string[] = [];
  client.middlewareStack.add(
    (_next, context) => async () => {
      sent.push(context.commandName as string);
      return { output: { $metadata: {} }, response: {} } as never;
    },
    { step: 'finalizeRequest', name: 'fakeWire' },
  );
  return { client, sent };
};

const transaction = (...ids: string[]) =>
  new TransactWriteCommand({
    TransactItems: ids.map((id) => ({
      Put: { TableName: 'outbox', Item: { pk: `EVENT#${id}`, sk: 'EVENT' } },
    })),
  });

const settledWithin = async (promise: Promise<unknown>, ms = 50) =>
  Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

describe('the local fault hook', () => {
  it('reads a pattern over outbox keys and an optional count', () => {
    expect(parseKillAfter('^EVENT#article\\.retracted:@5')).toEqual({
      pattern: /^EVENT#article\.retracted:/,
      nth: 5,
    });
    expect(parseKillAfter('review\\.decided:.*:approved$').nth).toBe(1);
  });

  it('kills after the Nth matching transaction has committed, holding the callers of the earlier ones', async () => {
    const { client, sent } = committingClient();
    let kills = 0;
    killAfterTransaction(client, parseKillAfter('^EVENT#article\\.published:@2'), () => kills++);

    // Other transactions and other commands pass through.
    await client.send(transaction('question.submitted:q1'));
    await client.send(new PutCommand({ TableName: 'outbox', Item: { pk: 'EVENT#article.published:q0:1' } }));
    const first = client.send(transaction('article.published:q1:1', 'x'));
    expect(await settledWithin(first)).toBe(false);
    expect(kills).toBe(0);
    const second = client.send(transaction('article.published:q2:1'));
    expect(await settledWithin(second)).toBe(false);
    // Both were sent to DynamoDB (committed) before the kill.
    expect(sent.filter((name) => name.startsWith('TransactWrite'))).toHaveLength(3);
    expect(kills).toBe(1);
  });
});
