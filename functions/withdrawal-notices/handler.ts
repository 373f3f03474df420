import { createDocumentClient, createSqsClient } from '../../shared/adapters/aws-clients.ts';
import { DynamoArticleWriter } from '../../shared/adapters/dynamodb/article-writer.ts';
import { DynamoCitationIndex } from '../../shared/adapters/dynamodb/citation-index.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { SqsWithdrawalPages } from '../../shared/adapters/sqs/sqs-withdrawal-pages.ts';
import { createLogger } from '../../shared/logging.ts';
import { createSqsBatchHandler } from '../../shared/messaging/sqs-batch-handler.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { withdrawalMessageSchema } from '../../shared/ports/withdrawal-pages.ts';
import { handleWithdrawalPage } from '../../shared/use-cases/withdrawal-notices.ts';

/** The SDK clients this function uses: its tables and the queues it sends to. */
export const platformClients: ClientFactories<'dynamo' | 'sqs'> = {
  dynamo: createDocumentClient,
  sqs: createSqsClient,
};

export const createHandler = (platform: Platform<'dynamo' | 'sqs'>) => {
  const logger = createLogger('withdrawal-notices');
  const { config } = platform;
  const deps = {
    citations: new DynamoCitationIndex(platform.dynamo, config.tables.articles),
    articles: new DynamoArticleWriter(platform.dynamo, config.tables.articles),
    // A re-review's draft request is written with the question (the outbox).
    questions: new DynamoQuestionStore(platform.dynamo, config.tables.questions, config.tables.outbox),
    pages: new SqsWithdrawalPages(platform.sqs, config.queues.sourceWithdrawals),
    now: platform.now,
  };

  return createSqsBatchHandler({
    logger,
    schema: withdrawalMessageSchema,
    correlationId: (message) => message.detail.data.sourceId,
    handle: async (message, _record, log) => {
      const report = await handleWithdrawalPage(deps, message);
      log.info('Withdrawal page handled', { sourceId: message.detail.data.sourceId, ...report });
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
