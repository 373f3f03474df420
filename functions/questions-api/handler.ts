import * as z from 'zod';
import { DynamoArticleDirectory } from '../../shared/adapters/dynamodb/article-directory.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { SqsDraftQueue } from '../../shared/adapters/sqs/sqs-draft-queue.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { createApiHandler } from '../../shared/http/api-handler.ts';
import { reply } from '../../shared/http/reply.ts';
import { askQuestionBody } from '../../shared/http/request-schemas.ts';
import { parseOr400 } from '../../shared/http/validation.ts';
import { createLogger, logDeferredFailure } from '../../shared/logging.ts';
import { lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { askQuestion, toQuestionView } from '../../shared/use-cases/ask-question.ts';

const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
  .optional();

const questionId = z.uuid();

export const createHandler = (platform: Platform) => {
  const logger = createLogger('questions-api');
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
    logger,
    handlers: {
      'POST /v1/questions': async (request) => {
        const input = parseOr400(askQuestionBody, request.body ?? {}, 'body');
        const idempotencyKey = parseOr400(
          idempotencyKeyHeader,
          request.headers['idempotency-key'],
          'Idempotency-Key',
        );
        const result = await askQuestion(deps, { ...input, ...(idempotencyKey ? { idempotencyKey } : {}) });
        return reply('POST /v1/questions', result.statusCode, result.body, {
          location: `/v1/questions/${result.body.id}`,
        });
      },
      'GET /v1/questions/{id}': async (request) => {
        const id = questionId.safeParse(request.pathParameters.id);
        const question = id.success ? await store.get(id.data) : undefined;
        if (!question) throw new NotFoundError(`No question with id ${request.pathParameters.id}`);
        return reply('GET /v1/questions/{id}', 200, toQuestionView(question));
      },
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform()));
