import middy from '@middy/core';
import { createDocumentClient } from '../../shared/adapters/aws-clients.ts';
import { compositionRoot } from '../../shared/composition/root.ts';
import { businessMetrics } from '../../shared/composition/services.ts';
import { outbox, questions, reviewsDue } from '../../shared/composition/tables.ts';
import { createLogger } from '../../shared/logging.ts';
import { backlogMetrics } from '../../shared/observability/business-metrics.ts';
import { observability } from '../../shared/observability/middleware.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import type { QuestionStore } from '../../shared/ports/question-store.ts';
import { type ReconcileReport, reconcile } from '../../shared/use-cases/reconcile.ts';
import { type SweepReport, sweepDueReviews } from '../../shared/use-cases/sweep-reviews.ts';

/** Pages of the review backlog counted per run; beyond them the count says "at least". */
const BACKLOG_PAGES = 10;
const BACKLOG_PAGE_SIZE = 100;

/** Questions in review now and when the oldest entered review (the byStatus index, oldest first). */
const reviewBacklog = async (store: QuestionStore) => {
  let waiting = 0;
  let oldestSince: string | undefined;
  let cursor: string | undefined;
  for (let page = 0; page < BACKLOG_PAGES; page++) {
    const result = await store.listByStatus('in_review', {
      limit: BACKLOG_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    const oldest = result.items[0];
    oldestSince ??= oldest && (oldest.timeline.at(-1)?.at ?? oldest.updatedAt);
    waiting += result.items.length;
    cursor = result.cursor;
    if (!cursor) break;
  }
  return { waiting, oldestSince };
};

/**
 * Runs on a schedule (EventBridge Scheduler in AWS, a timer locally); its input is ignored. Each run
 * re-drives lost work, then opens the scheduled re-reviews that are due (sweep-reviews.ts).
 */
/** The SDK clients this function uses: its tables (its draft requests go out through the outbox). */
export const platformClients: ClientFactories<'dynamo'> = {
  dynamo: createDocumentClient,
};

export const createHandler = (platform: Platform<'dynamo'>) => {
  const logger = createLogger('reconcile');
  const root = compositionRoot(platform, { writesEvents: true });
  const metrics = businessMetrics(root, 'reconcile');
  const { config } = platform;
  const deps = {
    // A re-review's or re-drive's draft.requested is written with the question (the outbox).
    store: questions(root),
    events: outbox(root),
    now: platform.now,
    draftingDeadlineSeconds: config.reconcile.draftingDeadlineSeconds,
  };
  const sweep = {
    due: reviewsDue(root),
    store: deps.store,
    now: platform.now,
  };
  return middy<unknown, ReconcileReport & { reviews: SweepReport }>()
    .use(observability(logger, metrics.metrics))
    .handler(async () => {
      const report = await reconcile(deps);
      // After the re-drives: a re-review opened now is not re-driven in the same run.
      const reviews = await sweepDueReviews(sweep);
      const backlog = await reviewBacklog(deps.store);
      metrics.record(...backlogMetrics(backlog.waiting, backlog.oldestSince, platform.now()));
      if (Object.values(report).some((count) => count > 0)) logger.info('Re-drove lost work', { report });
      if (Object.values(reviews).some((count) => count > 0)) logger.info('Swept due reviews', { reviews });
      return { ...report, reviews };
    });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
