import { consoleSettings } from '../../functions/console/assets.ts';
import { buildConsoleAssets } from '../../functions/console/build.ts';
import { createHandler as reviewerConsole } from '../../functions/console/handler.ts';
import { createHandler as deliverWebhooks } from '../../functions/deliver-webhooks/handler.ts';
import { createHandler as generateDraft } from '../../functions/generate-draft/handler.ts';
import { createHandler as propagateArticle } from '../../functions/propagate-article/handler.ts';
import { createHandler as publicRead } from '../../functions/public-read/handler.ts';
import { createHandler as publishArticle } from '../../functions/publish-article/handler.ts';
import { createHandler as questionsApi } from '../../functions/questions-api/handler.ts';
import { createHandler as reconcile } from '../../functions/reconcile/handler.ts';
import { createHandler as refreshReviewerNames } from '../../functions/refresh-reviewer-names/handler.ts';
import { createHandler as relayOutbox } from '../../functions/relay-outbox/handler.ts';
import { createHandler as reviewApi } from '../../functions/review-api/handler.ts';
import { createHandler as withdrawalNotices } from '../../functions/withdrawal-notices/handler.ts';
import type { HttpFunctionName } from '../../shared/http/routes.ts';
import type { Platform } from '../../shared/platform.ts';
import type { queues } from '../resources.ts';
import type { ApiHandler } from './http-server.ts';
import type { lambdaContext } from './lambda-context.ts';
import type { StreamHandler } from './outbox-stream.ts';
import type { SqsHandler } from './sqs-event-source.ts';

export type ScheduledHandler = (
  event: unknown,
  context: ReturnType<typeof lambdaContext>,
) => Promise<unknown>;

type QueueConsumer = (typeof queues)[keyof typeof queues]['consumer'];

/**
 * The functions of the resource description, by the kind of trigger they
 * have: every function of the route table, every queue's consumer and the
 * reconciler must be here, and nothing else (a type error otherwise).
 * `load-library` has no local trigger: its trigger is an upload to the
 * library bucket, and locally there is no bucket (the index lives in the
 * data directory; `npm run sources:load` loads a library).
 */
export interface LocalFunctions {
  /** One new handler per call, i.e. per container: requests run in a pool of them (container-pool.ts). */
  http: Record<HttpFunctionName, () => ApiHandler>;
  /** One new handler per call: each poller of a queue is a container of its own (sqs-event-source.ts). */
  queue: Record<QueueConsumer, () => SqsHandler>;
  schedule: { reconcile: ScheduledHandler };
  /** The outbox stream's consumer (outbox-stream.ts). */
  stream: { 'relay-outbox': () => StreamHandler };
}

/** The real handler of every function, built against the local platform. */
export const localFunctions = (platform: Platform): LocalFunctions => {
  // The console's UI is bundled once, at start, while the rest starts up; every request reuses it.
  const consoleAssets = buildConsoleAssets();
  consoleAssets.catch(() => undefined); // reported by the first request for an asset
  return {
    http: {
      console: () => reviewerConsole({ loadAssets: () => consoleAssets, settings: consoleSettings({}) }),
      'questions-api': () => questionsApi(platform),
      'public-read': () => publicRead(platform),
      'review-api': () => reviewApi(platform),
    },
    queue: {
      'generate-draft': () => generateDraft(platform),
      'publish-article': () => publishArticle(platform),
      'propagate-article': () => propagateArticle(platform),
      'refresh-reviewer-names': () => refreshReviewerNames(platform),
      'deliver-webhooks': () => deliverWebhooks(platform),
      'withdrawal-notices': () => withdrawalNotices(platform),
    },
    schedule: {
      reconcile: reconcile(platform),
    },
    stream: {
      'relay-outbox': () => relayOutbox(platform),
    },
  };
};
