import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EVENT_BUS_NAME } from '../../events/envelope.ts';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge/eventbridge-publisher.ts';
import { loadConfig } from '../../shared/config.ts';
import { dlqPhysicalName, queuePhysicalName } from '../aws/naming.ts';
import { type RuntimeFile, readRuntimeFile } from '../local/runtime-file.ts';
import { type QueueName, queues } from '../resources.ts';
import { runReviewCycleBackfill } from './backfill.ts';
import { libraryBucket, loadLibraryFile, refusalLines } from './library-load.ts';
import { redrive } from './redrive.ts';
import { replayOutboxDlq } from './replay-outbox-dlq.ts';

const USAGE = `Usage: npm run ops -- redrive <queue> [--stage dev|prod] [--endpoint URL] [--region R] [--wait-seconds N]
       npm run ops -- replay-outbox-dlq --stage dev|prod [--region R]
       npm run ops -- library load FILE --stage dev|prod [--account ID] [--region R]
       npm run ops -- library load FILE --bucket NAME [--endpoint URL]
       npm run ops -- backfill review-cycle [--articles-table NAME --questions-table NAME] [--endpoint URL] [--region R]

  <queue>       a queue of infra/resources.ts, by key or name: ${Object.entries(queues)
    .map(([key, queue]) => `${key} (${queue.name})`)
    .join(', ')}
  --stage       the deployed stage: queue names become vetted-<stage>-<name>; omit for the local runtime's names
  --endpoint    SQS endpoint, e.g. http://127.0.0.1:4566 for the local runtime
  --region      AWS region (default: AWS_REGION, then us-east-1)
  --wait-seconds  how long to follow an AWS message move task (default 300)

  replay-outbox-dlq  puts the events of every batch in vetted-<stage>-outbox-relay-dlq on the bus
                again (read back from the outbox's stream), deletes each message once its events
                are on the bus, and reports the counts; consumers deduplicate on the event ids

  library load  checks FILE (.jsonl, .json CSL-JSON, .ris, .bib, .xml PubMed) as the loader will and,
                only if every record is valid, puts it under imports/ of the library bucket; the
                loader builds and commits the new library from there (its logs: vetted-<stage>-load-library)
  --account     the AWS account id in the bucket's name (default: AWS_ACCOUNT_ID)
  --bucket      the bucket itself (the stateful stack's LibraryBucketName output)

  backfill review-cycle  gives live versions published before the review cycle their review-due
                entry, citation index and updates-feed entry, 25 articles a page; safe to repeat.
                Without table names it works on the running local system ($VETTED_DATA_DIR, default
                .vetted); REVIEW_INTERVAL_DAYS as the deployment sets it`;

/** A key of `queues` or a queue's base name → its key. */
export function queueKey(input: string): QueueName | undefined {
  const entries = Object.entries(queues) as [QueueName, (typeof queues)[QueueName]][];
  return entries.find(([key, queue]) => key === input || queue.name === input)?.[0];
}

const isLoopback = (endpoint: string): boolean => {
  const host = new URL(endpoint).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      endpoint: { type: 'string' },
      region: { type: 'string' },
      stage: { type: 'string' },
      'wait-seconds': { type: 'string' },
      account: { type: 'string' },
      bucket: { type: 'string' },
      'articles-table': { type: 'string' },
      'questions-table': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, queueArg] = positionals;
  if (command === 'library') return libraryCommand(positionals.slice(1), values);
  if (command === 'replay-outbox-dlq' && !values.help) return replayCommand(values);
  if (command === 'backfill') return backfillCommand(positionals.slice(1), values);
  if (values.help || command !== 'redrive' || !queueArg) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const key = queueKey(queueArg);
  if (!key) {
    console.error(`Unknown queue '${queueArg}'.\n\n${USAGE}`);
    return 2;
  }
  const config: SQSClientConfig = {
    region: values.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...clientEndpoint(values.endpoint),
  };
  const client = new SQSClient(config);
  const source = queuePhysicalName(key, values.stage);
  const dlq = dlqPhysicalName(key, values.stage);
  try {
    const result = await redrive(
      client,
      { source, dlq },
      { waitSeconds: Number(values['wait-seconds'] ?? 300), log: (line) => console.error(line) },
    );
    const suffix =
      result.status && result.status !== 'COMPLETED' ? ` (task ${result.status}, still moving)` : '';
    console.log(`Moved ${result.moved} message(s) from ${dlq} to ${source} via ${result.method}${suffix}`);
    if (result.failed > 0) {
      console.error(`${result.failed} message(s) could not be re-sent and stay in ${dlq}`);
      return 1;
    }
    return 0;
  } finally {
    client.destroy();
  }
}

const clientEndpoint = (endpoint: string | undefined) => {
  if (!endpoint) return {};
  // A local emulator accepts any signature; do not require real credentials for it.
  const local = isLoopback(endpoint) && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE;
  return { endpoint, ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}) };
};

/** `replay-outbox-dlq --stage S`: the relay's DLQ → the stage's bus, with counts. */
async function replayCommand(values: { stage?: string; region?: string }): Promise<number> {
  if (!values.stage) {
    console.error(`replay-outbox-dlq needs --stage.\n\n${USAGE}`);
    return 2;
  }
  const region = values.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const sqs = new SQSClient({ region });
  const streams = new DynamoDBStreamsClient({ region });
  const events = new EventBridgeClient({ region });
  try {
    const dlq = `vetted-${values.stage}-outbox-relay-dlq`;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: dlq }));
    const report = await replayOutboxDlq({
      sqs,
      dlqUrl: QueueUrl as string,
      streams,
      bus: new EventBridgePublisher(events, `${EVENT_BUS_NAME}-${values.stage}`),
      log: (line) => console.error(line),
    });
    console.log(
      `Replayed ${report.replayed} of ${report.messages} batch(es) from ${dlq}: ${report.events} event(s) put on the bus, ${report.left} message(s) left`,
    );
    return report.left > 0 ? 1 : 0;
  } finally {
    sqs.destroy();
    streams.destroy();
    events.destroy();
  }
}

/** `library load FILE`: refuse an invalid file here, upload a valid one under imports/. */
async function libraryCommand(
  args: string[],
  values: { stage?: string; region?: string; account?: string; bucket?: string; endpoint?: string },
): Promise<number> {
  const [subcommand, file, ...rest] = args;
  if (subcommand !== 'load' || !file || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const region = values.region ?? process.env.AWS_REGION ?? 'us-east-1';
  let bucket: string;
  try {
    bucket = libraryBucket({
      bucket: values.bucket,
      stage: values.stage,
      account: values.account ?? process.env.AWS_ACCOUNT_ID,
      region,
    });
  } catch (error) {
    console.error(`${(error as Error).message}.\n\n${USAGE}`);
    return 2;
  }
  const config: S3ClientConfig = {
    region,
    ...clientEndpoint(values.endpoint),
    // Local S3 servers answer path-style requests only.
    ...(values.endpoint ? { forcePathStyle: true } : {}),
  };
  const s3 = new S3Client(config);
  try {
    const result = await loadLibraryFile(s3, file, bucket);
    if (result.status === 'refused') {
      for (const line of refusalLines(file, result.errors)) console.error(line);
      return 1;
    }
    console.log(
      `Uploaded ${file} (${result.sources} sources) to s3://${result.bucket}/${result.key}; the loader builds and commits it now`,
    );
    return 0;
  } finally {
    s3.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    console.error(
      `ops failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    process.exitCode = 1;
  }
}

/** `backfill review-cycle`: on the tables named, or on the running local system's. */
async function backfillCommand(
  args: string[],
  values: { endpoint?: string; region?: string; 'articles-table'?: string; 'questions-table'?: string },
): Promise<number> {
  if (args[0] !== 'review-cycle' || args.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const local = readRuntimeFile(resolve(process.env.VETTED_DATA_DIR ?? '.vetted'));
  const named = values['articles-table'] && values['questions-table'];
  if (!named && !local) {
    console.error('Name the tables (--articles-table, --questions-table), or start the local system.\n');
    return 2;
  }
  const tables = named
    ? { articles: values['articles-table'] as string, questions: values['questions-table'] as string }
    : (local as RuntimeFile).tables;
  const endpoint = values.endpoint ?? (named ? undefined : local?.dynamodbEndpoint);
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: values.region ?? process.env.AWS_REGION ?? 'us-east-1',
      ...clientEndpoint(endpoint),
    }),
  );
  try {
    const report = await runReviewCycleBackfill(client, tables, loadConfig(process.env).reviewCycle, (line) =>
      console.error(line),
    );
    console.log(
      `Backfilled ${report.articles} live articles: ${report.dueEntries} review-due entries, ` +
        `${report.citationIndexes} citation indexes, ${report.feedEntries} feed entries`,
    );
    return 0;
  } finally {
    client.destroy();
  }
}
