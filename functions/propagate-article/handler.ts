import { articlePublishedV1, articleRetractedV1 } from '../../events/contracts.ts';
import { busDeliveryOf } from '../../events/envelope.ts';
import { createDocumentClient } from '../../shared/adapters/aws-clients.ts';
import { compositionRoot } from '../../shared/composition/root.ts';
import { cdn } from '../../shared/composition/services.ts';
import { articleLinks } from '../../shared/composition/tables.ts';
import { createLogger } from '../../shared/logging.ts';
import { createSqsBatchHandler } from '../../shared/messaging/sqs-batch-handler.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { propagatePublication, propagateRetraction } from '../../shared/use-cases/propagate-article.ts';
import * as z from '../../shared/zod.ts';

/** What EventBridge's SQS target delivers for the `articleChanges` rule: the bus event around our envelope. */
const articleChangeMessage = z.union([
  busDeliveryOf(z.literal('article.published'), articlePublishedV1),
  busDeliveryOf(z.literal('article.retracted'), articleRetractedV1),
]);

/** The SDK clients this function uses: the articles table (CloudFront is loaded on demand). */
export const platformClients: ClientFactories<'dynamo'> = {
  dynamo: createDocumentClient,
};

export const createHandler = (platform: Platform<'dynamo'>) => {
  const logger = createLogger('propagate-article');
  const root = compositionRoot(platform);
  const invalidator = cdn(root);
  const deps = {
    links: articleLinks(root),
    ...(invalidator ? { cdn: invalidator } : {}),
  };

  return createSqsBatchHandler({
    logger,
    schema: articleChangeMessage,
    correlationId: (message) => message.detail.data.questionId,
    handle: async (message, _record, log) => {
      const event = message.detail;
      const outcome =
        event.type === 'article.published'
          ? await propagatePublication(deps, { slug: event.data.slug })
          : await propagateRetraction(deps, { slug: event.data.slug, eventId: event.id });
      log.info('Article change propagated', { type: event.type, slug: event.data.slug, ...outcome });
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
