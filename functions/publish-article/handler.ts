import { createDocumentClient } from '../../shared/adapters/aws-clients.ts';
import { DynamoArticleWriter } from '../../shared/adapters/dynamodb/article-writer.ts';
import { DynamoCitationIndex } from '../../shared/adapters/dynamodb/citation-index.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { DynamoLiveApprovals } from '../../shared/adapters/dynamodb/live-approvals.ts';
import { DynamoOutboxPublisher } from '../../shared/adapters/dynamodb/outbox-publisher.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { DynamoReviewerDirectory } from '../../shared/adapters/dynamodb/reviewer-directory.ts';
import { PowertoolsBusinessMetrics } from '../../shared/adapters/metrics/powertools-metrics.ts';
import { createLogger } from '../../shared/logging.ts';
import { createSqsBatchHandler } from '../../shared/messaging/sqs-batch-handler.ts';
import { publicationMetrics } from '../../shared/observability/business-metrics.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { publicationMessageSchema, publishArticle } from '../../shared/use-cases/publish-article.ts';

/** The SDK clients this function uses: its tables (its event goes out through the outbox). */
export const platformClients: ClientFactories<'dynamo'> = {
  dynamo: createDocumentClient,
};

export const createHandler = (platform: Platform<'dynamo'>) => {
  const logger = createLogger('publish-article');
  const metrics = new PowertoolsBusinessMetrics('publish-article');
  const { config } = platform;
  const deps = {
    questions: new DynamoQuestionStore(platform.dynamo, config.tables.questions),
    articles: new DynamoArticleWriter(platform.dynamo, config.tables.articles, config.tables.outbox),
    catalog: new DynamoLibraryCatalog(platform.dynamo, config.tables.sources),
    citations: new DynamoCitationIndex(platform.dynamo, config.tables.articles),
    events: new DynamoOutboxPublisher(platform.dynamo, config.tables.outbox),
    now: platform.now,
    requiredApprovals: config.requiredApprovals,
    settings: config.publication,
    reviewerNames: {
      reviewers: new DynamoReviewerDirectory(platform.dynamo, config.tables.reviewers),
      live: new DynamoLiveApprovals(platform.dynamo, config.tables.articles),
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
