import type { ReviewerProfile, ReviewerProfileInput } from '../domain/reviewer.ts';

/** A live article a reviewer approved, as recorded at its publication. */
export interface ApprovalRecord {
  slug: string;
  /** The article version whose approvals named the reviewer. */
  version: number;
}

/**
 * Reviewer profiles, and per reviewer the live articles they approved (so a
 * profile change can find the articles whose approvals must be renamed).
 * Reviewers are always named by their normalised key (`reviewerKey`).
 */
export interface ReviewerDirectory {
  /** Creates or replaces a profile; returns it as stored. */
  putProfile(key: string, input: ReviewerProfileInput, at: string): Promise<ReviewerProfile>;
  /** The profiles of these reviewers that exist (strongly consistent). */
  getProfiles(keys: readonly string[]): Promise<Map<string, ReviewerProfile>>;
  /** Every profile (the board is small: one partition). */
  listProfiles(): Promise<ReviewerProfile[]>;
  /** Records that these reviewers approved version `version` of `slug` (idempotent). */
  recordApprovals(keys: readonly string[], record: ApprovalRecord): Promise<void>;
  /** A page of the articles a reviewer approved, by slug, after `afterSlug`. */
  listApprovals(
    key: string,
    page: { limit: number; afterSlug?: string },
  ): Promise<{ items: ApprovalRecord[]; more: boolean }>;
  /** Forgets an approval record, unless a later publication rewrote it for another version. */
  forgetApproval(key: string, record: ApprovalRecord): Promise<void>;
}

/** Where a request to rename a reviewer's approvals goes (the reviewer-names queue). */
export interface ReviewerNamesQueue {
  requestRefresh(request: { reviewer: string; afterSlug?: string }): Promise<void>;
}
