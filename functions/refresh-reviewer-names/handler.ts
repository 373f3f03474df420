import { createDocumentClient, createSqsClient } from '../../shared/adapters/aws-clients.ts';
import { reviewerNamesQueue } from '../../shared/composition/queues.ts';
import { compositionRoot } from '../../shared/composition/root.ts';
import { liveApprovals, reviewers } from '../../shared/composition/tables.ts';
import { createLogger } from '../../shared/logging.ts';
import { createSqsBatchHandler } from '../../shared/messaging/sqs-batch-handler.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { refreshRequestSchema, refreshReviewerNames } from '../../shared/use-cases/reviewer-names.ts';

/** The SDK clients this function uses: its tables and the queue it sends to. */
export const platformClients: ClientFactories<'dynamo' | 'sqs'> = {
  dynamo: createDocumentClient,
  sqs: createSqsClient,
};

export const createHandler = (platform: Platform<'dynamo' | 'sqs'>) => {
  const logger = createLogger('refresh-reviewer-names');
  const root = compositionRoot(platform);
  const deps = {
    reviewers: reviewers(root),
    live: liveApprovals(root),
    queue: reviewerNamesQueue(root),
  };

  return createSqsBatchHandler({
    logger,
    schema: refreshRequestSchema,
    handle: async (request, _record, log) => {
      const outcome = await refreshReviewerNames(deps, request);
      // The reviewer key is internal; logs may carry it, responses never do.
      log.info('Reviewer names refreshed', { reviewer: request.reviewer, ...outcome });
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
