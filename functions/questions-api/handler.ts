import * as z from 'zod';
import {
  createDocumentClient,
  createEventPublisher,
  createSqsClient,
} from '../../shared/adapters/aws-clients.ts';
import { DynamoArticleDirectory } from '../../shared/adapters/dynamodb/article-directory.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { PowertoolsBusinessMetrics } from '../../shared/adapters/metrics/powertools-metrics.ts';
import { SqsDraftQueue } from '../../shared/adapters/sqs/sqs-draft-queue.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { createApiHandler } from '../../shared/http/api-handler.ts';
import { askQuestionBody } from '../../shared/http/request-schemas.ts';
import { parseOr400 } from '../../shared/http/validation.ts';
import { createLogger, logDeferredFailure } from '../../shared/logging.ts';
import { askedMetrics } from '../../shared/observability/business-metrics.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { askQuestion, toQuestionView } from '../../shared/use-cases/ask-question.ts';

const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
  .optional();

const questionId = z.uuid();

/** The SDK clients this function uses: its tables, the queues it sends to, the bus it publishes on. */
export const platformClients: ClientFactories<'dynamo' | 'sqs' | 'events'> = {
  dynamo: createDocumentClient,
  sqs: createSqsClient,
  events: createEventPublisher,
};

export const createHandler = (platform: Platform<'dynamo' | 'sqs' | 'events'>) => {
  const logger = createLogger('questions-api');
  const metrics = new PowertoolsBusinessMetrics('questions-api');
  const store = new DynamoQuestionStore(platform.dynamo, platform.config.tables.questions);
  const deps = {
    store,
    draftQueue: new SqsDraftQueue(platform.sqs, platform.config.queues.draftRequests),
    events: platform.events,
    articles: new DynamoArticleDirectory(platform.dynamo, platform.config.tables.articles),
    now: platform.now,
    onDeferredFailure: logDeferredFailure(logger),
  };

  return createApiHandler({
    function: 'questions-api',
    logger,
    metrics: metrics.metrics,
    handlers: {
      'POST /v1/questions': async (request) => {
        const input = parseOr400(askQuestionBody, request.body ?? {}, 'body');
        const idempotencyKey = parseOr400(
          idempotencyKeyHeader,
          request.headers['idempotency-key'],
          'Idempotency-Key',
        );
        const result = await askQuestion(deps, { ...input, ...(idempotencyKey ? { idempotencyKey } : {}) });
        logger.setCorrelationId(result.body.id);
        metrics.record(...askedMetrics(result.statusCode));
        return {
          statusCode: result.statusCode,
          headers: { location: `/v1/questions/${result.body.id}` },
          body: result.body,
        };
      },
      'GET /v1/questions/{id}': async (request) => {
        const id = questionId.safeParse(request.pathParameters.id);
        const question = id.success ? await store.get(id.data) : undefined;
        if (!question) throw new NotFoundError(`No question with id ${request.pathParameters.id}`);
        return { statusCode: 200, body: toQuestionView(question) };
      },
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
