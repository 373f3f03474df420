import {
  approverNames,
  type NamedApprovals,
  nameApprovals,
  renamedApprovals,
  reviewerKey,
  type SubjectApproval,
} from '../domain/reviewer.ts';
import type { LiveApprovalsStore } from '../ports/live-approvals.ts';
import type { ReviewerDirectory, ReviewerNamesQueue } from '../ports/reviewer-directory.ts';
import * as z from '../zod.ts';

/**
 * Reviewer names on live articles. An article read is one GetItem, so the
 * names are stored on the live item: resolved at publication, and renamed in
 * place when an admin adds or changes a profile.
 *
 * Why no rename is lost: a publication records "reviewer R approved slug S"
 * and then re-reads R's profile (strongly consistent); a profile change
 * writes the profile and then (through the queue) reads R's records. Each
 * side writes before it reads, so at least one of them sees the other: either
 * the publication reads the new profile, or the refresh finds the article.
 * Renames are conditioned on the live version and a names revision that
 * every rename bumps, so a rename computed from older profiles never
 * overwrites one computed from newer ones.
 */
export interface ReviewerNamesDeps {
  reviewers: ReviewerDirectory;
  live: LiveApprovalsStore;
}

/** Articles renamed per refresh message; a reviewer with more continues in a follow-up message. */
export const REFRESH_PAGE_SIZE = 25;
/** Tries of a rename that keeps losing to concurrent renames before the message is retried. */
const RENAME_ATTEMPTS = 3;

/** A reviewer-names queue message: rename a reviewer's approvals, from the article after `afterSlug`. */
export const refreshRequestSchema = z.strictObject({
  reviewer: z.string().check(z.minLength(1), z.maxLength(512)),
  afterSlug: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
});
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

/** The approvals of a revision named from the current profiles (at publication). */
export const resolveApprovalNames = async (
  reviewers: ReviewerDirectory,
  approvals: readonly SubjectApproval[],
): Promise<NamedApprovals & { approvedBy: string[] }> => {
  const profiles = await reviewers.getProfiles(approvals.map(({ reviewer }) => reviewerKey(reviewer)));
  const resolved = nameApprovals(approvals, profiles);
  return { ...resolved, approvedBy: approverNames(resolved.approvals) };
};

/**
 * Brings the names on a live article up to date with the profiles; a no-op
 * when they are (so duplicates and retries are harmless). Returns whether
 * the article is live.
 */
export const refreshArticleNames = async (deps: ReviewerNamesDeps, slug: string): Promise<boolean> => {
  for (let attempt = 1; attempt <= RENAME_ATTEMPTS; attempt++) {
    const live = await deps.live.get(slug);
    if (!live) return false;
    const profiles = await deps.reviewers.getProfiles(live.approverKeys);
    const renamed = renamedApprovals(live.approvals, live.approverKeys, profiles);
    if (!renamed) return true;
    if ((await deps.live.rename(slug, live, renamed)) === 'written') return true;
  }
  throw new Error(`The approvals of ${slug} kept changing during their rename; retrying later`);
};

/**
 * After a publication: records the approvers' live article, then renames it
 * from the profiles read now (see the module comment for why this order).
 */
export const afterPublication = async (
  deps: ReviewerNamesDeps,
  article: { slug: string; version: number; approvals: readonly SubjectApproval[] },
): Promise<void> => {
  const approverKeys = article.approvals.map(({ reviewer }) => reviewerKey(reviewer));
  await deps.reviewers.recordApprovals(approverKeys, { slug: article.slug, version: article.version });
  await refreshArticleNames(deps, article.slug);
};

/**
 * One refresh message: renames up to REFRESH_PAGE_SIZE of the reviewer's
 * live articles, forgets records of articles no longer live or no longer
 * approved by them, and queues the next page if there is one.
 */
export const refreshReviewerNames = async (
  deps: ReviewerNamesDeps & { queue: ReviewerNamesQueue; pageSize?: number },
  request: RefreshRequest,
): Promise<{ refreshed: number; forgotten: number; continued: boolean }> => {
  const page = await deps.reviewers.listApprovals(request.reviewer, {
    limit: deps.pageSize ?? REFRESH_PAGE_SIZE,
    ...(request.afterSlug !== undefined ? { afterSlug: request.afterSlug } : {}),
  });
  let refreshed = 0;
  let forgotten = 0;
  for (const record of page.items) {
    const live = await deps.live.get(record.slug);
    if (!live?.approverKeys.includes(request.reviewer)) {
      await deps.reviewers.forgetApproval(request.reviewer, record);
      forgotten++;
      continue;
    }
    await refreshArticleNames(deps, record.slug);
    refreshed++;
  }
  const last = page.items.at(-1);
  if (page.more && last)
    await deps.queue.requestRefresh({ reviewer: request.reviewer, afterSlug: last.slug });
  return { refreshed, forgotten, continued: page.more && last !== undefined };
};
