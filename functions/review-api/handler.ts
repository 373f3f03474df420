import { createDocumentClient, createSqsClient } from '../../shared/adapters/aws-clients.ts';
import { library } from '../../shared/composition/library.ts';
import { reviewerNamesQueue } from '../../shared/composition/queues.ts';
import { compositionRoot } from '../../shared/composition/root.ts';
import { businessMetrics } from '../../shared/composition/services.ts';
import {
  articleReader,
  catalog,
  feedback,
  outbox,
  questions,
  retractions,
  reviewers,
  webhooks,
} from '../../shared/composition/tables.ts';
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
import { createLogger } from '../../shared/logging.ts';
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
import { ownProfileRoutes } from './profile-routes.ts';
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
  const root = compositionRoot(platform, { writesEvents: true });
  const metrics = businessMetrics(root, 'review-api');
  const { config } = platform;
  const deps = {
    store: questions(root),
    catalog: catalog(root),
    now: platform.now,
    requiredApprovals: config.requiredApprovals,
    // source.withdrawn: a repeated withdrawal announces it again under the same id.
    events: outbox(root),
  };

  // The review detail shows the live article's notices as its readers see them.
  const live = {
    articles: articleReader(root),
    reviewCycle: config.reviewCycle,
    now: platform.now,
  };

  const retraction = {
    retractions: retractions(root),
    questions: questions(root),
    catalog: catalog(root),
    requiredApprovals: deps.requiredApprovals,
  };

  // Source search and detail read the committed version of the library's search index.
  const sources = library(root);
  const profiles = {
    reviewers: reviewers(root),
    queue: reviewerNamesQueue(root),
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
        reply(
          'GET /v1/review/questions/{id}',
          200,
          await reviewDetail({ ...deps, live }, pathUuid(request, 'question')),
        ),
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
        return reply('GET /v1/review/sources', 200, await searchSources(sources, query));
      },
      'GET /v1/review/sources/{id}': async (request) =>
        reply('GET /v1/review/sources/{id}', 200, await getSource(sources, request.pathParameters.id ?? '')),
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
      ...ownProfileRoutes(profiles),
      ...feedbackRoutes({
        feedback: feedback(root),
        store: questions(root),
        now: platform.now,
      }),
      ...webhookRoutes({
        webhooks: webhooks(root),
        policy: config.webhooks.targets,
        now: platform.now,
      }),
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
