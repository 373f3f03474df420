import middy from '@middy/core';
import {
  createDocumentClient,
  createEventPublisher,
  createSqsClient,
} from '../../shared/adapters/aws-clients.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { SqsDraftQueue } from '../../shared/adapters/sqs/sqs-draft-queue.ts';
import { createLogger } from '../../shared/logging.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { type ReconcileReport, reconcile } from '../../shared/use-cases/reconcile.ts';

/** Runs on a schedule (EventBridge Scheduler in AWS, a timer locally); its input is ignored. */
/** The SDK clients this function uses: its tables, the queues it sends to, the bus it publishes on. */
export const platformClients: ClientFactories<'dynamo' | 'sqs' | 'events'> = {
  dynamo: createDocumentClient,
  sqs: createSqsClient,
  events: createEventPublisher,
};

export const createHandler = (platform: Platform<'dynamo' | 'sqs' | 'events'>) => {
  const logger = createLogger('reconcile');
  const { config } = platform;
  const deps = {
    store: new DynamoQuestionStore(platform.dynamo, config.tables.questions),
    draftQueue: new SqsDraftQueue(platform.sqs, config.queues.draftRequests),
    events: platform.events,
    now: platform.now,
    graceSeconds: config.reconcile.graceSeconds,
    draftingDeadlineSeconds: config.reconcile.draftingDeadlineSeconds,
  };
  return middy<unknown, ReconcileReport>().handler(async () => {
    const report = await reconcile(deps);
    if (Object.values(report).some((count) => count > 0)) logger.info('Re-drove lost work', { report });
    return report;
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
