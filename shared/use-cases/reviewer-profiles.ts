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
