import { createDocumentClient } from '../../shared/adapters/aws-clients.ts';
import { compositionRoot } from '../../shared/composition/root.ts';
import { businessMetrics } from '../../shared/composition/services.ts';
import {
  catalog,
  citations,
  liveApprovals,
  outbox,
  publications,
  questions,
  reviewers,
} from '../../shared/composition/tables.ts';
import { createLogger } from '../../shared/logging.ts';
import { createSqsBatchHandler } from '../../shared/messaging/sqs-batch-handler.ts';
import { publicationMetrics } from '../../shared/observability/business-metrics.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { publicationMessageSchema } from '../../shared/use-cases/publication-message.ts';
import { publishArticle } from '../../shared/use-cases/publish-article.ts';

/** The SDK clients this function uses: its tables (its event goes out through the outbox). */
export const platformClients: ClientFactories<'dynamo'> = {
  dynamo: createDocumentClient,
};

export const createHandler = (platform: Platform<'dynamo'>) => {
  const logger = createLogger('publish-article');
  const root = compositionRoot(platform, { writesEvents: true });
  const metrics = businessMetrics(root, 'publish-article');
  const { config } = platform;
  const deps = {
    questions: questions(root),
    publications: publications(root),
    catalog: catalog(root),
    citations: citations(root),
    events: outbox(root),
    now: platform.now,
    requiredApprovals: config.requiredApprovals,
    settings: config.publication,
    reviewerNames: {
      reviewers: reviewers(root),
      live: liveApprovals(root),
    },
  };

  return createSqsBatchHandler({
    logger,
    metrics: metrics.metrics,
    schema: publicationMessageSchema,
    correlationId: (message) => message.detail.data.questionId,
    handle: async (message, record, log) => {
      const { data } = message.detail;
      if (data.outcome !== 'approved') {
        log.warn('Ignoring a review decision that is not an approval', {
          messageId: record.messageId,
          questionId: data.questionId,
          outcome: data.outcome,
        });
        return;
      }
      const outcome = await publishArticle(deps, { questionId: data.questionId, revision: data.revision });
      metrics.record(...publicationMetrics(outcome, message.detail.occurredAt, platform.now()));
      log.info('Publication message handled', {
        questionId: data.questionId,
        revision: data.revision,
        ...outcome,
      });
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
