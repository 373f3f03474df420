import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';
import type { PositionStore, ShardPosition, StreamPositions } from './outbox-position.ts';

/** Batches read from one shard in a poll before the next shard's turn. */
const MAX_BATCHES_PER_POLL = 10;

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: ReturnType<typeof lambdaContext>,
) => Promise<DynamoDBBatchResponse | undefined>;

export interface OutboxStreamOptions {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  region: string;
  /** The relay-outbox function's handler, given Lambda's DynamoDB stream event. */
  handler: StreamHandler;
  positions: PositionStore;
  /** Pause between polls of the open shards. */
  pollIntervalMs: number;
  batchSize: number;
  onError: (error: unknown) => void;
}

export interface OutboxStream {
  stop(): Promise<void>;
  /** Resolves after a whole poll, begun after the call, found nothing new: everything written before is relayed. */
  caughtUp(): Promise<void>;
}

/**
 * Lambda's DynamoDB event source, locally, on the same protocol: the
 * outbox table's stream read from DynamoDB Local through the Streams API
 * (DescribeStream, GetShardIterator, GetRecords), parents before children,
 * INSERTs only (the event source's filter in AWS), in batches to the relay
 * handler. A partial batch failure resumes at the record it names. The
 * position per shard is saved after every batch; a new reader resumes there.
 */
/** Polls in a row that DynamoDB Local may refuse before the reader reports it (about 3 s at 100 ms). */
const REPORT_REFUSALS_AFTER = 30;

const isConnectionRefused = (error: unknown): boolean => {
  for (let cause = error; cause instanceof Error; cause = (cause as { cause?: unknown }).cause) {
    if ((cause as { code?: string }).code === 'ECONNREFUSED') return true;
  }
  return false;
};

export const startOutboxStream = (options: OutboxStreamOptions): OutboxStream => {
  const { streams } = options;
  let running = true;
  let streamArn: string | undefined;
  let state: StreamPositions | undefined;
  const iterators = new Map<string, string>();

  const iteratorFor = async (shardId: string, position: ShardPosition | undefined) => {
    const cached = iterators.get(shardId);
    if (cached) return cached;
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(position?.sequenceNumber
          ? {
              ShardIteratorType: position.at ? 'AT_SEQUENCE_NUMBER' : 'AFTER_SEQUENCE_NUMBER',
              SequenceNumber: position.sequenceNumber,
            }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  };

  const listShards = async (): Promise<Shard[]> => {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  };

  const deliver = async (records: StreamRecord[]): Promise<string | undefined> => {
    const inserts = records.filter((record) => record.eventName === 'INSERT');
    if (inserts.length === 0) return undefined;
    const event = {
      Records: inserts.map((record) => ({
        ...record,
        eventSource: 'aws:dynamodb',
        eventSourceARN: streamArn,
        awsRegion: options.region,
      })),
    } as unknown as DynamoDBStreamEvent;
    const response = await options.handler(event, lambdaContext('relay-outbox'));
    return response?.batchItemFailures[0]?.itemIdentifier;
  };

  /** Reads one batch of a shard; true when a full batch was delivered (more may be waiting). */
  const readShard = async (positions: StreamPositions, shardId: string): Promise<boolean> => {
    const position = positions.shards[shardId];
    const iterator = await iteratorFor(shardId, position);
    if (!iterator) return false;
    const { Records = [], NextShardIterator } = await streams.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: options.batchSize }),
    );
    recordsThisPoll += Records.length;
    const failedAt = await deliver(Records);
    if (failedAt) {
      // Read again from the failed record on the next poll.
      iterators.delete(shardId);
      positions.shards[shardId] = { sequenceNumber: failedAt, at: true };
    } else {
      const last = Records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) positions.shards[shardId] = { sequenceNumber: last };
      if (NextShardIterator) iterators.set(shardId, NextShardIterator);
      else {
        iterators.delete(shardId);
        positions.shards[shardId] = { ...positions.shards[shardId], done: true };
      }
    }
    if (Records.length > 0 || !NextShardIterator) options.positions.save(positions);
    return !failedAt && Records.length === options.batchSize && NextShardIterator !== undefined;
  };

  const poll = async () => {
    if (!streamArn) {
      const { Table } = await options.dynamodb.send(
        new DescribeTableCommand({ TableName: options.tableName }),
      );
      streamArn = Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`The table ${options.tableName} has no stream`);
      const saved = options.positions.load();
      state = saved?.streamArn === streamArn ? saved : { streamArn, shards: {} };
    }
    const positions = state as StreamPositions;
    const shards = await listShards();
    const listed = new Set(shards.map((shard) => shard.ShardId));
    for (const shard of shards) {
      const shardId = shard.ShardId as string;
      if (positions.shards[shardId]?.done) continue;
      // A child waits for its parent to be read to the end (a parent trimmed away is done).
      const parent = shard.ParentShardId;
      if (parent && listed.has(parent) && !positions.shards[parent]?.done) continue;
      for (let batch = 0; batch < MAX_BATCHES_PER_POLL && running; batch++) {
        if (!(await readShard(positions, shardId))) break;
      }
    }
  };

  // DynamoDB Local refusing connections is what its own exit looks like from here, and the runtime
  // reports that exit in a sentence and stops: only a refusal that lasts is worth reporting.
  let refusedPolls = 0;
  let recordsThisPoll = 0;
  let waiting: (() => void)[] = [];
  const loop = (async () => {
    while (running) {
      const armed = waiting;
      waiting = [];
      recordsThisPoll = 0;
      await poll().then(
        () => {
          refusedPolls = 0;
          if (recordsThisPoll === 0) for (const resolve of armed) resolve();
          else waiting.push(...armed);
        },
        (error: unknown) => {
          iterators.clear();
          if (isConnectionRefused(error) && ++refusedPolls < REPORT_REFUSALS_AFTER) return;
          refusedPolls = 0;
          waiting.push(...armed);
          options.onError(error);
        },
      );
      if (running) await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs));
    }
  })();

  return {
    stop: async () => {
      running = false;
      await loop;
      for (const resolve of waiting) resolve();
    },
    caughtUp: () => new Promise<void>((resolve) => (running ? waiting.push(resolve) : resolve())),
  };
};
