import { createDocumentClient } from '../../shared/adapters/aws-clients.ts';
import { compositionRoot } from '../../shared/composition/root.ts';
import { businessMetrics } from '../../shared/composition/services.ts';
import { articleDirectory, catalog, feedback, questions } from '../../shared/composition/tables.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { type QuestionView, toQuestionView } from '../../shared/domain/question-view.ts';
import { createApiHandler } from '../../shared/http/api-handler.ts';
import { feedbackBody } from '../../shared/http/contracts/requests/feedback.ts';
import { answerQuery, askQuestionBody } from '../../shared/http/contracts/requests/questions.ts';
import { entityTag, ifNoneMatchMatches } from '../../shared/http/etag.ts';
import { reply } from '../../shared/http/reply.ts';
import { parseOr400 } from '../../shared/http/validation.ts';
import { createLogger } from '../../shared/logging.ts';
import { askedMetrics } from '../../shared/observability/business-metrics.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { askQuestion } from '../../shared/use-cases/ask-question.ts';
import { questionForAsker } from '../../shared/use-cases/question-for-asker.ts';
import { readAnswer } from '../../shared/use-cases/read-answer.ts';
import { submitFeedback } from '../../shared/use-cases/reader-feedback.ts';
import * as z from '../../shared/zod.ts';

const idempotencyKeyHeader = z.optional(
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(255),
      z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    ),
);

const questionId = z.uuid();

/** The asker's answer is private to whoever holds the id: never stored by a cache, never indexed. */
const ANSWER_HEADERS = { 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' };

const answerUrl = (id: string) => `/v1/questions/${id}/answer`;
/** The status view, with the link to the asker's answer. */
const withAnswerLink = (view: QuestionView) => ({ ...view, answerUrl: answerUrl(view.id) });

/** The SDK clients this function uses: its tables (its events, draft requests included, go out through the outbox). */
export const platformClients: ClientFactories<'dynamo'> = {
  dynamo: createDocumentClient,
};

export const createHandler = (platform: Platform<'dynamo'>) => {
  const logger = createLogger('questions-api');
  const root = compositionRoot(platform, { writesEvents: true });
  const metrics = businessMetrics(root, 'questions-api');
  const store = questions(root);
  const articles = articleDirectory(root);
  const deps = {
    store,
    articles,
    now: platform.now,
  };
  const answerDeps = {
    store,
    articles,
    catalog: catalog(root),
    notice: platform.config.pendingAnswer.notice,
  };
  const feedbackDeps = {
    feedback: feedback(root),
    articles,
    now: platform.now,
  };
  const questionIdOf = (pathParameters: Record<string, string>) => {
    const id = questionId.safeParse(pathParameters.id);
    if (!id.success) throw new NotFoundError(`No question with id ${pathParameters.id}`);
    return id.data;
  };

  return createApiHandler({
    function: 'questions-api',
    originVerifySecret: platform.config.originVerifySecret,
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
        logger.info('Question received', { created: result.created, status: result.body.status });
        metrics.record(...askedMetrics(result.created));
        return reply('POST /v1/questions', result.statusCode, withAnswerLink(result.body), {
          location: `/v1/questions/${result.body.id}`,
        });
      },
      'GET /v1/questions/{id}': async (request) => {
        const found = await questionForAsker(store, questionIdOf(request.pathParameters));
        if (!found) throw new NotFoundError(`No question with id ${request.pathParameters.id}`);
        return reply('GET /v1/questions/{id}', 200, withAnswerLink(toQuestionView(found.seen)));
      },
      'GET /v1/questions/{id}/answer': async (request) => {
        const { audience } = parseOr400(answerQuery, request.query, 'query');
        const answer = await readAnswer(answerDeps, {
          questionId: questionIdOf(request.pathParameters),
          ...(audience ? { audience } : {}),
        });
        // The body is a function of status, revision, audience and notice: its hash is the ETag.
        const etag = entityTag(answer);
        const headers = { ...ANSWER_HEADERS, etag };
        if (ifNoneMatchMatches(request.headers['if-none-match'], etag)) {
          return reply('GET /v1/questions/{id}/answer', 304, undefined, headers);
        }
        return reply('GET /v1/questions/{id}/answer', 200, answer, headers);
      },
      'POST /v1/articles/{slug}/feedback': async (request) => {
        const input = parseOr400(feedbackBody, request.body ?? {}, 'body');
        const receipt = await submitFeedback(feedbackDeps, {
          slug: request.pathParameters.slug ?? '',
          ...input,
        });
        logger.info('Reader feedback received', { feedbackId: receipt.id, kind: input.kind });
        return reply('POST /v1/articles/{slug}/feedback', 202, receipt);
      },
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
