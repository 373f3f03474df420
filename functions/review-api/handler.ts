import { createDocumentClient, createSqsClient } from '../../shared/adapters/aws-clients.ts';
import { DynamoArticleWriter } from '../../shared/adapters/dynamodb/article-writer.ts';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamodb/feedback-store.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { DynamoOutboxPublisher } from '../../shared/adapters/dynamodb/outbox-publisher.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { DynamoReviewerDirectory } from '../../shared/adapters/dynamodb/reviewer-directory.ts';
import { DynamoWebhookStore } from '../../shared/adapters/dynamodb/webhook-store.ts';
import { committedSourceIndex } from '../../shared/adapters/library-index.ts';
import { PowertoolsBusinessMetrics } from '../../shared/adapters/metrics/powertools-metrics.ts';
import { SqsDraftQueue } from '../../shared/adapters/sqs/sqs-draft-queue.ts';
import { SqsReviewerNamesQueue } from '../../shared/adapters/sqs/sqs-reviewer-names-queue.ts';
import { toQuestionView } from '../../shared/domain/question-view.ts';
import { type ApiRequest, createApiHandler, type Principal } from '../../shared/http/api-handler.ts';
import { createAuthenticator } from '../../shared/http/authenticator.ts';
import { retractionBody, withdrawalBody } from '../../shared/http/contracts/requests/admin.ts';
import {
  decisionBody,
  editorDraftBody,
  reviewQueueQuery,
} from '../../shared/http/contracts/requests/review.ts';
import { reviewerProfileBody, reviewerSubjectParam } from '../../shared/http/contracts/requests/reviewers.ts';
import { sourceSearchQuery } from '../../shared/http/contracts/requests/sources.ts';
import { pathUuid } from '../../shared/http/path-params.ts';
import { reply } from '../../shared/http/reply.ts';
import { parseOr400 } from '../../shared/http/validation.ts';
import { createLogger, logDeferredFailure } from '../../shared/logging.ts';
import { decisionMetrics, retractionMetrics } from '../../shared/observability/business-metrics.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { getSource, searchSources } from '../../shared/use-cases/browse-sources.ts';
import { retractArticle } from '../../shared/use-cases/retract-article.ts';
import {
  decideOnRevision,
  retryFailedQuestion,
  reviewDetail,
  reviewQueue,
  submitEditorRevision,
} from '../../shared/use-cases/review.ts';
import { listReviewerProfiles, putReviewerProfile } from '../../shared/use-cases/reviewer-profiles.ts';
import { withdrawSource } from '../../shared/use-cases/withdraw-source.ts';
import { feedbackRoutes } from './feedback-routes.ts';
import { webhookRoutes } from './webhook-routes.ts';

/** Every role route authenticates first, so a principal is always there. */
const caller = (request: ApiRequest): Principal => request.principal as Principal;

/** The SDK clients this function uses: its tables and the queues it sends to (its events go out through the outbox). */
export const platformClients: ClientFactories<'dynamo' | 'sqs'> = {
  dynamo: createDocumentClient,
  sqs: createSqsClient,
};

export const createHandler = (platform: Platform<'dynamo' | 'sqs'>) => {
  const logger = createLogger('review-api');
  const metrics = new PowertoolsBusinessMetrics('review-api');
  const { config } = platform;
  const deps = {
    store: new DynamoQuestionStore(platform.dynamo, config.tables.questions, config.tables.outbox),
    draftQueue: new SqsDraftQueue(platform.sqs, config.queues.draftRequests),
    catalog: new DynamoLibraryCatalog(platform.dynamo, config.tables.sources),
    now: platform.now,
    requiredApprovals: config.requiredApprovals,
    onDeferredFailure: logDeferredFailure(logger),
    // source.withdrawn: a repeated withdrawal announces it again under the same id.
    events: new DynamoOutboxPublisher(platform.dynamo, config.tables.outbox),
  };

  const retraction = {
    articles: new DynamoArticleWriter(platform.dynamo, config.tables.articles, config.tables.outbox),
    questions: deps.store,
    catalog: deps.catalog,
    requiredApprovals: deps.requiredApprovals,
  };

  // Source search and detail read the committed version of the library's search index.
  const library = committedSourceIndex(config, deps.catalog);
  const profiles = {
    reviewers: new DynamoReviewerDirectory(platform.dynamo, config.tables.reviewers),
    queue: new SqsReviewerNamesQueue(platform.sqs, config.queues.reviewerNames),
    now: platform.now,
  };

  return createApiHandler({
    function: 'review-api',
    logger,
    metrics: metrics.metrics,
    authenticate: createAuthenticator(config.auth, platform.localTokens),
    handlers: {
      'GET /v1/review/queue': async (request) => {
        const query = parseOr400(reviewQueueQuery, request.query, 'query');
        return reply('GET /v1/review/queue', 200, await reviewQueue(deps, query));
      },
      'GET /v1/review/questions/{id}': async (request) =>
        reply('GET /v1/review/questions/{id}', 200, await reviewDetail(deps, pathUuid(request, 'question'))),
      'POST /v1/review/questions/{id}/decisions': async (request) => {
        const id = pathUuid(request, 'question');
        const command = parseOr400(decisionBody, request.body ?? {}, 'body');
        const result = await decideOnRevision(deps, {
          questionId: id,
          reviewer: caller(request).userId,
          command,
        });
        logger.info('Review decision recorded', {
          revision: command.revision,
          decision: command.decision,
          outcome: result.outcome,
        });
        metrics.record(...decisionMetrics(command.decision));
        return reply('POST /v1/review/questions/{id}/decisions', 201, result);
      },
      'PUT /v1/review/questions/{id}/draft': async (request) => {
        const id = pathUuid(request, 'question');
        const { baseRevision, draft, changeSummary } = parseOr400(
          editorDraftBody,
          request.body ?? {},
          'body',
        );
        const editor = caller(request).userId;
        const result = await submitEditorRevision(deps, {
          questionId: id,
          editor,
          baseRevision,
          draft,
          ...(changeSummary !== undefined ? { changeSummary } : {}),
        });
        return reply('PUT /v1/review/questions/{id}/draft', 201, result);
      },
      'GET /v1/review/sources': async (request) => {
        const query = parseOr400(sourceSearchQuery, request.query, 'query');
        return reply('GET /v1/review/sources', 200, await searchSources(library, query));
      },
      'GET /v1/review/sources/{id}': async (request) =>
        reply('GET /v1/review/sources/{id}', 200, await getSource(library, request.pathParameters.id ?? '')),
      'POST /v1/admin/questions/{id}/retry': async (request) => {
        const question = await retryFailedQuestion(deps, {
          questionId: pathUuid(request, 'question'),
          admin: caller(request).userId,
        });
        return reply('POST /v1/admin/questions/{id}/retry', 202, toQuestionView(question));
      },
      'DELETE /v1/admin/articles/{slug}': async (request) => {
        const { reason } = parseOr400(retractionBody, request.body ?? {}, 'body');
        const result = await retractArticle(retraction, {
          slug: request.pathParameters.slug ?? '',
          reason,
          actor: caller(request).userId,
          at: platform.now().toISOString(),
        });
        logger.setCorrelationId(result.questionId);
        metrics.record(...retractionMetrics());
        return reply('DELETE /v1/admin/articles/{slug}', 200, result);
      },
      'POST /v1/admin/sources/{id}/withdrawal': async (request) => {
        const body = parseOr400(withdrawalBody, request.body ?? {}, 'body');
        const result = await withdrawSource(deps, {
          sourceId: request.pathParameters.id ?? '',
          reason: body.reason,
          ...(body.supersededBy ? { supersededBy: body.supersededBy } : {}),
          admin: caller(request).userId,
        });
        logger.info('Source withdrawn', { sourceId: result.sourceId });
        return reply('POST /v1/admin/sources/{id}/withdrawal', 202, result);
      },
      'GET /v1/admin/reviewers': async () =>
        reply('GET /v1/admin/reviewers', 200, await listReviewerProfiles(profiles)),
      'PUT /v1/admin/reviewers/{subject}': async (request) => {
        const subject = parseOr400(reviewerSubjectParam, request.pathParameters.subject, 'subject');
        const profile = parseOr400(reviewerProfileBody, request.body ?? {}, 'body');
        return reply(
          'PUT /v1/admin/reviewers/{subject}',
          200,
          await putReviewerProfile(profiles, { subject, profile }),
        );
      },
      ...feedbackRoutes({
        feedback: new DynamoFeedbackStore(platform.dynamo, config.tables.questions),
        store: deps.store,
        draftQueue: deps.draftQueue,
        onDeferredFailure: deps.onDeferredFailure,
        now: platform.now,
      }),
      ...webhookRoutes({
        webhooks: new DynamoWebhookStore(platform.dynamo, config.tables.webhooks),
        policy: config.webhooks.targets,
        now: platform.now,
      }),
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
