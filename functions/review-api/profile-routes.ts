import type { ApiRequest, Principal } from '../../shared/http/api-handler.ts';
import { ownProfileBody } from '../../shared/http/contracts/requests/reviewers.ts';
import { reply } from '../../shared/http/reply.ts';
import { parseOr400 } from '../../shared/http/validation.ts';
import {
  getOwnProfile,
  putOwnProfile,
  type ReviewerProfilesDeps,
} from '../../shared/use-cases/reviewer-profiles.ts';

/** A reviewer's own profile: read it, and set its affiliation and disclosures. */
export const ownProfileRoutes = (deps: ReviewerProfilesDeps) => ({
  'GET /v1/review/profile': async (request: ApiRequest) =>
    reply('GET /v1/review/profile', 200, await getOwnProfile(deps, (request.principal as Principal).userId)),
  'PUT /v1/review/profile': async (request: ApiRequest) => {
    const body = parseOr400(ownProfileBody, request.body ?? {}, 'body');
    const subject = (request.principal as Principal).userId;
    return reply('PUT /v1/review/profile', 200, await putOwnProfile(deps, { subject, ...body }));
  },
});
