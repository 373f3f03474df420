import { createDocumentClient, createSqsClient } from '../../shared/adapters/aws-clients.ts';
import { withdrawalPages } from '../../shared/composition/queues.ts';
import { compositionRoot } from '../../shared/composition/root.ts';
import { articleNotices, citations, questions } from '../../shared/composition/tables.ts';
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
  const root = compositionRoot(platform, { writesEvents: true });
  const deps = {
    citations: citations(root),
    notices: articleNotices(root),
    questions: questions(root),
    pages: withdrawalPages(root),
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
