import type { ApiRequest, Principal } from '../../shared/http/api-handler.ts';
import { feedbackQuery, feedbackResolutionBody } from '../../shared/http/contracts/requests/feedback.ts';
import { pathUuid } from '../../shared/http/path-params.ts';
import { reply } from '../../shared/http/reply.ts';
import { parseOr400 } from '../../shared/http/validation.ts';
import {
  listFeedback,
  type ResolveFeedbackDeps,
  resolveFeedback,
} from '../../shared/use-cases/reader-feedback.ts';

/** The reviewers' routes of reader feedback. */
export const feedbackRoutes = (deps: ResolveFeedbackDeps) => ({
  'GET /v1/review/feedback': async (request: ApiRequest) => {
    const query = parseOr400(feedbackQuery, request.query, 'query');
    return reply('GET /v1/review/feedback', 200, await listFeedback(deps, query));
  },
  'POST /v1/review/feedback/{id}/resolution': async (request: ApiRequest) => {
    const id = pathUuid(request, 'feedback');
    const { resolution, note } = parseOr400(feedbackResolutionBody, request.body ?? {}, 'body');
    const reviewer = (request.principal as Principal).userId;
    return reply(
      'POST /v1/review/feedback/{id}/resolution',
      200,
      await resolveFeedback(deps, { id, resolution, note, reviewer }),
    );
  },
});
