import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { FeedbackReceived } from '../../events/contracts.ts';
import { newEvent } from '../../events/factory.ts';
import { replayOutboxDlq } from '../../infra/ops/replay-outbox-dlq.ts';
import { outboxPut } from '../../shared/adapters/dynamodb/outbox-items.ts';
import { useRuntime } from '../support/runtime.ts';

const runtime = useRuntime({ consumers: false });
const run = String(Date.now());

const feedback = (n: number) =>
  newEvent<FeedbackReceived>(
    'feedback.received',
    `q-${run}`,
    {
      feedbackId: `f-${run}-${n}`,
      slug: 's',
      questionId: `q-${run}`,
      version: 1,
      kind: 'other',
      message: 'm',
    },
    { at: new Date().toISOString(), id: `feedback.received:replay-${run}-${n}` },
  );

/** Every record of the outbox's stream so far, with the shard it is in. */
const streamRecords = async () => {
  const { dynamodb, streams, tableName } = runtime().outbox.options;
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = Table?.LatestStreamArn as string;
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const found: { shardId: string; record: StreamRecord }[] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    const shardId = shard.ShardId as string;
    let { ShardIterator: iterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      if (!page.Records?.length) break;
      found.push(...page.Records.map((record) => ({ shardId, record })));
      iterator = page.NextShardIterator;
    }
  }
  return { streamArn, found };
};

const depth = async (url: string) => {
  const { Attributes = {} } = await runtime().platform.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
};

describe('npm run ops -- replay-outbox-dlq', () => {
  it('puts the events of each batch the relay gave up on back on the bus, deletes its message, and reports counts', async () => {
    const rt = runtime();
    // The relay gave up on a batch: its events are in the stream, not on the bus.
    await rt.outbox.stop();
    const events = [feedback(1), feedback(2), feedback(3)];
    await rt.platform.dynamo.send(
      new TransactWriteCommand({
        TransactItems: events.map((event) => outboxPut(rt.config.tables.outbox, event)) as never,
      }),
    );
    const { streamArn, found } = await streamRecords();
    const ours = found.filter(({ record }) =>
      events.some((event) => JSON.stringify(record.dynamodb?.NewImage ?? {}).includes(event.id)),
    );
    expect(ours).toHaveLength(3);
    const sequence = ours.map(({ record }) => record.dynamodb?.SequenceNumber as string);
    // The DLQ, with what Lambda's on-failure destination writes for a stream batch, and a message that is not one.
    const { QueueUrl: dlqUrl } = await rt.platform.sqs.send(
      new CreateQueueCommand({ QueueName: `outbox-relay-dlq-${run}` }),
    );
    const url = dlqUrl as string;
    await rt.platform.sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: JSON.stringify({
          version: '1.0',
          timestamp: new Date().toISOString(),
          requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
          DDBStreamBatchInfo: {
            shardId: ours[0]?.shardId,
            startSequenceNumber: sequence[0],
            endSequenceNumber: sequence[2],
            approximateArrivalOfFirstRecord: new Date().toISOString(),
            approximateArrivalOfLastRecord: new Date().toISOString(),
            batchSize: 3,
            streamArn,
          },
        }),
      }),
    );
    await rt.platform.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'not a batch' }));
    const deps = {
      sqs: rt.platform.sqs,
      dlqUrl: url,
      streams: rt.outbox.options.streams,
      bus: rt.bus,
      log: () => undefined,
    };
    const delivered = () =>
      events.map((event) => rt.bus.published.filter((put) => put.id === event.id).length);
    expect(delivered()).toEqual([0, 0, 0]);

    expect(await replayOutboxDlq(deps)).toEqual({ messages: 2, replayed: 1, events: 3, left: 1 });
    // In stream order, once each; the batch's message is gone, the unreadable one stays.
    expect(
      rt.bus.published.filter((put) => events.some((event) => event.id === put.id)).map((put) => put.id),
    ).toEqual(events.map((event) => event.id));
    expect(await depth(url)).toBe(1);

    // Run again: nothing more to replay (the unreadable message is still invisible), nothing put twice.
    expect(await replayOutboxDlq(deps)).toEqual({ messages: 0, replayed: 0, events: 0, left: 0 });
    expect(delivered()).toEqual([1, 1, 1]);
    rt.outbox.start();
  });
});
