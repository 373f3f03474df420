import { DynamoArticleWriter } from '../../shared/adapters/dynamodb/article-writer.ts';
import { DynamoLiveApprovals } from '../../shared/adapters/dynamodb/live-approvals.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { DynamoReviewerDirectory } from '../../shared/adapters/dynamodb/reviewer-directory.ts';
import { DynamoSourceLibrary } from '../../shared/adapters/dynamodb/source-library.ts';
import { createLogger } from '../../shared/logging.ts';
import { createSqsBatchHandler } from '../../shared/messaging/sqs-batch-handler.ts';
import { lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { publicationMessageSchema, publishArticle } from '../../shared/use-cases/publish-article.ts';

export const createHandler = (platform: Platform) => {
  const logger = createLogger('publish-article');
  const { config } = platform;
  const deps = {
    questions: new DynamoQuestionStore(platform.dynamo, config.tables.questions),
    articles: new DynamoArticleWriter(platform.dynamo, config.tables.articles),
    events: platform.events,
    library: new DynamoSourceLibrary(platform.dynamo, config.tables.sources),
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
    schema: publicationMessageSchema,
    handle: async (message, record) => {
      const { data } = message.detail;
      if (data.outcome !== 'approved') {
        logger.warn('Ignoring a review decision that is not an approval', {
          messageId: record.messageId,
          questionId: data.questionId,
          outcome: data.outcome,
        });
        return;
      }
      const outcome = await publishArticle(deps, { questionId: data.questionId, revision: data.revision });
      logger.info('Publication message handled', {
        questionId: data.questionId,
        revision: data.revision,
        ...outcome,
      });
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform()));
