import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoSourceLibrary } from '../../shared/adapters/dynamodb/source-library.ts';
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { type Config, loadConfig } from '../../shared/config.ts';
import { LOCAL_DEFAULT_CORS_ORIGINS, parseCorsOrigins } from '../../shared/http/cors.ts';
import { createPlatform, type Platform } from '../../shared/platform.ts';
import { type QueueName, queues, tables } from '../resources.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb/dynamodb-local.ts';
import { startHttpServer } from './http-server.ts';
import { lambdaContext } from './lambda-context.ts';
import { LocalEventBus } from './local-event-bus.ts';
import { type ProvisionedQueue, provisionQueues, provisionTables } from './provision.ts';
import { writeRuntimeFile } from './runtime-file.ts';
import { type SqsEmulator, startSqsEmulator } from './sqs-emulator.ts';
import { startSqsEventSource } from './sqs-event-source.ts';

export interface RuntimeOptions {
  /** HTTP port; 0 picks a free one. */
  port?: number;
  storage?: 'disk' | 'memory';
  dataDir?: string;
  dynamodbPort?: number;
  sqsPort?: number;
  /** Extra environment for the functions' configuration (REQUIRED_APPROVALS, DRAFT_GENERATOR, ...). */
  env?: Record<string, string | undefined>;
  /** Seconds a failed SQS message waits before its retry. */
  retryDelaySeconds?: number;
  /** Start the SQS event sources (default true); off lets a test inspect the queues. */
  consumers?: boolean;
  /** Seconds between reconciler runs; 0 turns the schedule off. */
  reconcileIntervalSeconds?: number;
  log?: (message: string) => void;
}

export interface Runtime {
  url: string;
  port: number;
  config: Config;
  platform: Platform;
  bus: LocalEventBus;
  dynamodb: { endpoint: string; pid: number | undefined };
  sqs: { endpoint: string };
  queues: Record<QueueName, ProvisionedQueue>;
  /** Runs the reconciler now (as its schedule would). */
  reconcile(): Promise<unknown>;
  stop(): Promise<void>;
}

const queueArn = async (sqs: SQSClient, url: string): Promise<string> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn as string;
};

/** A fresh system gets the demo reference library, so a question asked right after start can be drafted. */
const seedDemoLibrary = async (library: DynamoSourceLibrary, log: (message: string) => void) => {
  if ((await library.committedLoads()).length > 0) return;
  const sources = await loadDemoLibrary();
  await library.load('demo', sources);
  log(`Loaded the demo reference library (${sources.length} illustrative sources)`);
};

/**
 * Vetted on one machine: DynamoDB Local and the SQS emulator on loopback,
 * the tables and queues of the resource description, the real handlers
 * behind a local HTTP API, SQS event sources, the event bus rules and the
 * reconciler's schedule.
 */
export const startRuntime = async (options: RuntimeOptions = {}): Promise<Runtime> => {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir ?? '.vetted');
  const storage = options.storage ?? 'disk';
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    stops.length = 0;
  };

  try {
    // Loading every handler module takes a while; do it while Java starts.
    const functionsModule = import('./functions.ts');
    const [dynamodb, sqsEmulator]: [DynamoDbLocal, SqsEmulator] = await Promise.all([
      startDynamoDbLocal({
        ...(storage === 'disk' ? { dbPath: join(dataDir, 'dynamodb') } : {}),
        ...(options.dynamodbPort ? { port: options.dynamodbPort } : {}),
      }),
      startSqsEmulator(options.sqsPort ?? 0),
    ]);
    stops.push(dynamodb.stop, sqsEmulator.stop);
    log(`DynamoDB Local on ${dynamodb.endpoint}, SQS emulator on ${sqsEmulator.endpoint}`);

    const region = 'us-east-1';
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const adminDynamo = new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials });
    const adminSqs = new SQSClient({
      endpoint: sqsEmulator.endpoint,
      region,
      credentials,
      useQueueUrlAsEndpoint: false,
    });
    stops.push(async () => {
      adminDynamo.destroy();
      adminSqs.destroy();
    });
    const tableNames = await provisionTables(adminDynamo);
    const provisioned = await provisionQueues(adminSqs);

    // The caller's environment tunes the functions (REQUIRED_APPROVALS, DRAFT_GENERATOR, ...);
    // where the tables, queues and endpoints are is the runtime's to say.
    const config = loadConfig({
      ...options.env,
      AWS_REGION: region,
      [tables.questions.envVar]: tableNames.questions,
      [tables.articles.envVar]: tableNames.articles,
      [tables.sources.envVar]: tableNames.sources,
      [queues.draftRequests.envVar]: provisioned.draftRequests.url,
      [queues.publication.envVar]: provisioned.publication.url,
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      SQS_ENDPOINT: sqsEmulator.endpoint,
      AUTH_MODE: 'local',
      VETTED_DATA_DIR: dataDir,
    });
    const bus = new LocalEventBus(
      adminSqs,
      { draftRequests: provisioned.draftRequests.url, publication: provisioned.publication.url },
      region,
    );
    const platform = createPlatform(config, bus);
    stops.push(async () => {
      platform.dynamo.destroy();
      platform.sqs.destroy();
    });
    await seedDemoLibrary(new DynamoSourceLibrary(platform.dynamo, config.tables.sources), log);
    const handlers = (await functionsModule).localFunctions(platform);
    const onError = (error: unknown) => log(`error: ${(error as Error)?.stack ?? String(error)}`);

    for (const [key, queue] of Object.entries(queues) as [QueueName, (typeof queues)[QueueName]][]) {
      const handler = handlers.queue[queue.consumer];
      if (!handler || options.consumers === false) continue;
      const source = startSqsEventSource({
        sqs: adminSqs,
        queue: key,
        queueUrl: provisioned[key].url,
        queueArn: await queueArn(adminSqs, provisioned[key].url),
        region,
        handler,
        retryDelaySeconds: options.retryDelaySeconds ?? 2,
        onError,
      });
      stops.push(source.stop);
    }

    const corsOrigins = parseCorsOrigins(options.env?.CORS_ORIGINS) ?? [...LOCAL_DEFAULT_CORS_ORIGINS];
    const http = await startHttpServer(
      options.port ?? 3000,
      (name) => handlers.http[name],
      onError,
      corsOrigins,
    );
    stops.push(http.close);

    const reconciler = handlers.schedule.reconcile;
    if (!reconciler) throw new Error('The reconcile function has no local handler');
    let reconciling: Promise<unknown> | undefined;
    /** One reconciler run at a time, as the schedule would have it. */
    const reconcile = async () => {
      reconciling ??= reconciler({}, lambdaContext('reconcile')).finally(() => {
        reconciling = undefined;
      });
      return reconciling;
    };
    const interval = options.reconcileIntervalSeconds ?? 30;
    if (interval > 0) {
      const timer = setInterval(() => void reconcile().catch(onError), interval * 1000);
      stops.push(async () => clearInterval(timer));
    }

    stops.push(
      writeRuntimeFile(dataDir, {
        pid: process.pid,
        url: `http://127.0.0.1:${http.port}`,
        dynamodbEndpoint: dynamodb.endpoint,
        sqsEndpoint: sqsEmulator.endpoint,
        tables: config.tables,
      }),
    );

    return {
      url: `http://127.0.0.1:${http.port}`,
      port: http.port,
      config,
      platform,
      bus,
      dynamodb: { endpoint: dynamodb.endpoint, pid: dynamodb.pid },
      sqs: { endpoint: sqsEmulator.endpoint },
      queues: provisioned,
      reconcile,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
