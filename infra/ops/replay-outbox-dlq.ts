import {
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type StreamRecordLike, toOutboxRecord } from '../../shared/adapters/dynamodb/outbox-records.ts';
import type { EventPublisher } from '../../shared/ports/event-publisher.ts';
import { relayOutbox } from '../../shared/use-cases/relay-outbox.ts';

/** What Lambda's on-failure destination writes for a stream batch it gave up on (only the fields read here). */
interface StreamBatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  streamArn: string;
}

export interface ReplayReport {
  /** DLQ messages read: each describes one failed batch. */
  messages: number;
  /** Messages whose batch was put on the bus again, and deleted. */
  replayed: number;
  /** Events put on the bus. */
  events: number;
  /** Messages left in the DLQ: unreadable, the stream no longer holds the batch, or a put failed. */
  left: number;
}

export interface ReplayDeps {
  sqs: SQSClient;
  dlqUrl: string;
  streams: DynamoDBStreamsClient;
  bus: EventPublisher;
  log: (line: string) => void;
}

const batchInfo = (message: Message): StreamBatchInfo | undefined => {
  try {
    const info = (JSON.parse(message.Body ?? '') as { DDBStreamBatchInfo?: Partial<StreamBatchInfo> })
      .DDBStreamBatchInfo;
    return info?.shardId && info.startSequenceNumber && info.endSequenceNumber && info.streamArn
      ? (info as StreamBatchInfo)
      : undefined;
  } catch {
    return undefined;
  }
};

/** The batch's records, first to last sequence number, read again from the outbox's stream. */
const readBatch = async (streams: DynamoDBStreamsClient, batch: StreamBatchInfo): Promise<StreamRecord[]> => {
  const end = BigInt(batch.endSequenceNumber);
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: batch.streamArn,
      ShardId: batch.shardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: batch.startSequenceNumber,
    }),
  );
  const records: StreamRecord[] = [];
  let iterator = ShardIterator;
  while (iterator) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    const fresh = page.Records ?? [];
    for (const record of fresh) {
      if (BigInt(record.dynamodb?.SequenceNumber ?? '0') > end) return records;
      records.push(record);
    }
    // An open shard answers an empty page when nothing newer is there yet: the batch is complete.
    if (fresh.length === 0) return records;
    iterator = page.NextShardIterator;
  }
  return records;
};

/**
 * Replays the outbox relay's DLQ: each message names a batch of the outbox's stream that relay-outbox
 * gave up on; its events are read again from the stream and put on the bus in order (the relay's own
 * use case), then the message is deleted. Idempotent: the envelopes keep their ids, so consumers
 * deduplicate a batch put twice, and a message is deleted only once all its events are on the bus.
 * A message seen again in the same run (its visibility timed out) ends the run.
 */
export const replayOutboxDlq = async (deps: ReplayDeps): Promise<ReplayReport> => {
  const report: ReplayReport = { messages: 0, replayed: 0, events: 0, left: 0 };
  const seen = new Set<string>();
  for (;;) {
    const { Messages = [] } = await deps.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: deps.dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300 }),
    );
    const unseen = Messages.filter((message) => !seen.has(message.MessageId as string));
    if (unseen.length === 0) return report;
    for (const message of unseen) {
      seen.add(message.MessageId as string);
      report.messages++;
      const batch = batchInfo(message);
      if (!batch) {
        deps.log(`Left message ${message.MessageId}: it describes no stream batch`);
        report.left++;
        continue;
      }
      try {
        const records = (await readBatch(deps.streams, batch)).map((record) =>
          toOutboxRecord(record as StreamRecordLike),
        );
        if (records.length === 0) throw new Error('the stream holds none of its records any more');
        const result = await relayOutbox(deps.bus, records);
        report.events += result.delivered;
        if (result.failedAt) throw new Error(`the bus refused the event at ${result.failedAt}`);
        await deps.sqs.send(
          new DeleteMessageCommand({ QueueUrl: deps.dlqUrl, ReceiptHandle: message.ReceiptHandle }),
        );
        report.replayed++;
      } catch (error) {
        // Past the stream's 24 h the batch is gone from it (TrimmedDataAccessException); its events are
        // still in the outbox table for a week (README, Operations).
        deps.log(`Left message ${message.MessageId} (${batch.shardId}): ${(error as Error).message}`);
        report.left++;
      }
    }
  }
};
