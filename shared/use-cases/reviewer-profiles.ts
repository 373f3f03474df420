import { NotFoundError } from '../domain/errors.ts';
import {
  advisoryBoard,
  type BoardMember,
  byName,
  type ReviewerProfile,
  type ReviewerProfileInput,
  reviewerKey,
} from '../domain/reviewer.ts';
import type { ReviewerDirectory, ReviewerNamesQueue } from '../ports/reviewer-directory.ts';

export interface ReviewerProfilesDeps {
  reviewers: ReviewerDirectory;
  queue: ReviewerNamesQueue;
  now: () => Date;
}

/**
 * PUT /v1/admin/reviewers/{subject}: creates or replaces the profile of the
 * reviewer whose token subject this is, then asks for the live articles they
 * approved to be renamed. Repeating the request is harmless (and re-sends
 * the rename request, should the first send have failed after the write).
 */
export const putReviewerProfile = async (
  deps: ReviewerProfilesDeps,
  input: { subject: string; profile: ReviewerProfileInput },
): Promise<ReviewerProfile> => {
  const key = reviewerKey(input.subject);
  const stored = await deps.reviewers.putProfile(key, input.profile, deps.now().toISOString());
  await deps.queue.requestRefresh({ reviewer: key });
  return stored;
};

/** GET /v1/review/profile: the caller's own profile; 404 until an admin has created it. */
export const getOwnProfile = async (
  deps: Pick<ReviewerProfilesDeps, 'reviewers'>,
  subject: string,
): Promise<ReviewerProfile> => {
  const key = reviewerKey(subject);
  const profile = (await deps.reviewers.getProfiles([key])).get(key);
  if (!profile) throw new NotFoundError(NO_PROFILE);
  return profile;
};

const NO_PROFILE =
  'You have no public reviewer profile yet: an admin creates it (name, credentials, specialty)';

/**
 * PUT /v1/review/profile: a reviewer sets their own affiliation and disclosures; the name,
 * credentials and specialty stay the admin's. Rewrites the whole profile read a moment before
 * (an admin's edit in between is overwritten by these fields only), then renames the reviewer's
 * approvals on the live articles, as the admin route does.
 */
export const putOwnProfile = async (
  deps: ReviewerProfilesDeps,
  input: { subject: string; affiliation?: string; disclosures: string },
): Promise<ReviewerProfile> => {
  const { displayName, credentials, specialty } = await getOwnProfile(deps, input.subject);
  return putReviewerProfile(deps, {
    subject: input.subject,
    profile: {
      displayName,
      credentials,
      specialty,
      ...(input.affiliation !== undefined ? { affiliation: input.affiliation } : {}),
      disclosures: input.disclosures,
    },
  });
};

/** GET /v1/reviewers: the public advisory board (reviewers with a profile), by name. No subjects. */
export const listAdvisoryBoard = async (deps: {
  reviewers: ReviewerDirectory;
}): Promise<{ items: BoardMember[] }> => ({ items: advisoryBoard(await deps.reviewers.listProfiles()) });

/** GET /v1/admin/reviewers: every profile with its subject, by name, for the console. */
export const listReviewerProfiles = async (deps: {
  reviewers: ReviewerDirectory;
}): Promise<{ items: ReviewerProfile[] }> => {
  return { items: byName(await deps.reviewers.listProfiles()) };
};
