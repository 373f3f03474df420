import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type Config, loadConfig } from '../../shared/config.ts';
import { parseRateLimitPerMinute } from '../../shared/defaults.ts';
import { LOCAL_DEFAULT_CORS_ORIGINS, parseCorsOrigins } from '../../shared/http/cors.ts';
import { createPlatform, type Platform } from '../../shared/platform.ts';
import {
  draftingEnvironment,
  type FunctionName,
  outboxRelay,
  type QueueName,
  queues,
  tables,
} from '../resources.ts';
import { startBackends } from './backends.ts';
import { containerPool } from './container-pool.ts';
import type { HeldLock } from './data-dir-lock.ts';
import { KILL_AFTER_VARIABLE, killAfterTransaction, parseKillAfter } from './fault-hook.ts';
import { type ApiHandler, startHttpServer } from './http-server.ts';
import { lambdaContext } from './lambda-context.ts';
import { seedDemoLibrary } from './library-load.ts';
import { LocalEventBus } from './local-event-bus.ts';
import { localTokenVerifier } from './local-signing-key.ts';
import { type OutboxRelay, startOutboxRelay } from './outbox-relay.ts';
import type { PortChoice } from './port-check.ts';
import { portProblemFromListenError } from './port-check.ts';
import { preflight, preflightOptions } from './preflight.ts';
import { type ProvisionedQueue, provisionQueues, provisionTables } from './provision.ts';
import { writeRuntimeFile } from './runtime-file.ts';
import { queueArn, startSqsEventSource } from './sqs-event-source.ts';
import { StartupProblem } from './startup-problem.ts';

export interface RuntimeOptions {
  /** HTTP port; 0 picks a free one. */
  port?: number;
  storage?: 'disk' | 'memory';
  dataDir?: string;
  dynamodbPort?: number;
  /** A DynamoDB Local that outlives this runtime (a fault test's): used, neither started nor stopped. */
  dynamodbEndpoint?: string;
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
  /** The gateway's clock for the rate limit (tests move it instead of waiting a minute). */
  gatewayClock?: () => number;
  /**
   * The functions' clock (`platform.now`): what every use case stamps and decides by — approvals,
   * review dates, the review sweep, the overdue notice. Tests move it a year on instead of waiting.
   * Token expiry and the SQS glue keep real time.
   */
  clock?: () => Date;
  /**
   * Called when something the runtime depends on fails after start-up
   * (DynamoDB Local exits on its own); the caller should stop the runtime.
   * Without it the failure is only logged.
   */
  onFatal?: (problem: StartupProblem) => void;
  /**
   * The caller already ran preflight(preflightOptions(these options)) and
   * hands over the lock it got (`npm start` does, to answer before it loads
   * every module). The runtime releases it when it stops.
   */
  preflighted?: { lock: HeldLock | undefined };
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
  /** The relay of the outbox's stream to the bus (outbox-relay.ts). */
  outbox: OutboxRelay;
  stop(): Promise<void>;
}

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
  const httpPort: PortChoice = { port: options.port ?? 3000, variable: 'PORT' };
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    stops.length = 0;
  };

  // Before anything starts: a refusal here leaves nothing to stop.
  const lock = options.preflighted ? options.preflighted.lock : await preflight(preflightOptions(options));
  if (lock) stops.push(async () => lock.release());
  if (lock?.tookOver) log(`Took over ${lock.path} from pid ${lock.tookOver.pid}, which is gone`);

  try {
    // Loading every handler module takes a while; do it while Java starts.
    const functionsModule = import('./functions.ts');
    const onFatal = options.onFatal ?? ((problem: StartupProblem) => log(problem.message));
    const backends = await startBackends(
      {
        storage,
        dataDir,
        ...(options.dynamodbPort ? { dynamodbPort: options.dynamodbPort } : {}),
        ...(options.dynamodbEndpoint ? { dynamodbEndpoint: options.dynamodbEndpoint } : {}),
        ...(options.sqsPort ? { sqsPort: options.sqsPort } : {}),
        onFatal,
      },
      stops,
    );
    const { dynamodb, sqs: sqsEmulator } = backends;
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
    // The library's search index: in the data directory, or in a directory of its own in memory mode.
    const libraryIndexDir =
      storage === 'disk' ? join(dataDir, 'library-index') : mkdtempSync(join(tmpdir(), 'vetted-index-'));
    if (storage === 'memory')
      stops.push(async () => rmSync(libraryIndexDir, { recursive: true, force: true }));
    const config = loadConfig({
      // Teams develop against a receiver on this machine; AWS delivers to public https only.
      WEBHOOK_TARGETS: 'loopback',
      // The draft worker's retries and claim lease follow the description unless the caller tunes them
      // (a fault test shortens the lease of a worker it killed mid-draft).
      ...draftingEnvironment(),
      ...options.env,
      LIBRARY_INDEX_DIR: libraryIndexDir,
      AWS_REGION: region,
      [tables.questions.envVar]: tableNames.questions,
      [tables.articles.envVar]: tableNames.articles,
      [tables.sources.envVar]: tableNames.sources,
      [tables.reviewers.envVar]: tableNames.reviewers,
      [tables.webhooks.envVar]: tableNames.webhooks,
      [tables.outbox.envVar]: tableNames.outbox,
      ...Object.fromEntries(
        (Object.keys(queues) as QueueName[]).map((key) => [queues[key].envVar, provisioned[key].url]),
      ),
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      SQS_ENDPOINT: sqsEmulator.endpoint,
      AUTH_MODE: 'local',
      VETTED_DATA_DIR: dataDir,
    });
    const queueUrls = Object.fromEntries(
      (Object.keys(queues) as QueueName[]).map((key) => [key, provisioned[key].url]),
    ) as Record<QueueName, string>;
    const bus = new LocalEventBus(adminSqs, queueUrls, region);
    const platform = {
      ...createPlatform(config, bus),
      ...(options.clock ? { now: options.clock } : {}),
      localTokens: localTokenVerifier(config.auth),
    };
    // A fault test's SIGKILL right after a transaction commits (fault-hook.ts); never set otherwise.
    const killAfter = process.env[KILL_AFTER_VARIABLE];
    if (killAfter) killAfterTransaction(platform.dynamo, parseKillAfter(killAfter));
    stops.push(async () => {
      platform.dynamo.destroy();
      platform.sqs.destroy();
      platform.s3.destroy();
    });
    await seedDemoLibrary(platform, log);
    const handlers = (await functionsModule).localFunctions(platform);
    const onError = (error: unknown) => log(`error: ${(error as Error)?.stack ?? String(error)}`);

    for (const [key, queue] of Object.entries(queues) as [QueueName, (typeof queues)[QueueName]][]) {
      const createHandler = handlers.queue[queue.consumer];
      if (!createHandler || options.consumers === false) continue;
      const source = startSqsEventSource({
        sqs: adminSqs,
        queue: key,
        queueUrl: provisioned[key].url,
        queueArn: await queueArn(adminSqs, provisioned[key].url),
        region,
        createHandler,
        retryDelaySeconds: options.retryDelaySeconds ?? 2,
        onError,
      });
      stops.push(source.stop);
    }

    // Concurrent requests to one function run in separate containers, as in Lambda.
    const apiHandlers: Partial<Record<FunctionName, ApiHandler>> = Object.fromEntries(
      Object.entries(handlers.http).map(([name, create]) => {
        const pool = containerPool(create);
        const invoke: ApiHandler = (event, context) => pool.invoke((handler) => handler(event, context));
        return [name, invoke];
      }),
    );
    const corsOrigins = parseCorsOrigins(options.env?.CORS_ORIGINS) ?? [...LOCAL_DEFAULT_CORS_ORIGINS];
    const rateLimitPerMinute = (() => {
      try {
        return parseRateLimitPerMinute(options.env?.RATE_LIMIT_PER_MINUTE);
      } catch (error) {
        throw new StartupProblem(`${(error as Error).message}.`);
      }
    })();
    const http = await startHttpServer(httpPort.port, (name) => apiHandlers[name], onError, {
      corsOrigins,
      rateLimitPerMinute,
      ...(options.gatewayClock ? { now: options.gatewayClock } : {}),
    }).catch((error: unknown) => {
      const problem = portProblemFromListenError(httpPort, error);
      throw problem ? new StartupProblem(problem) : error;
    });
    stops.push(http.close);
    lock?.update({ port: http.port, url: `http://127.0.0.1:${http.port}` });

    const relay = startOutboxRelay({
      dynamodb: adminDynamo,
      endpoint: dynamodb.endpoint,
      region,
      credentials,
      tableName: tableNames.outbox,
      relayHandler: handlers.stream[outboxRelay.consumer],
      onError,
    });
    stops.push(relay.stopAll);
    const { outbox } = relay;

    const reconciler = handlers.schedule.reconcile;
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
        libraryIndexDir,
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
      outbox,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
