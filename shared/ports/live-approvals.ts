import type { PublicApproval } from '../domain/reviewer.ts';

/** The approvals a live article shows, with what a rename is conditioned on. */
export interface LiveApprovals {
  version: number;
  approvals: PublicApproval[];
  approverKeys: string[];
  /** Bumped by every rename: the optimistic-concurrency token of the approvals. */
  namesRevision: number;
}

/**
 * The approvals of live articles: read and renamed in place (the live item
 * and its version-history entry), so an article read stays one GetItem.
 */
export interface LiveApprovalsStore {
  /** Strongly consistent; undefined when the article is not live. */
  get(slug: string): Promise<LiveApprovals | undefined>;
  /**
   * Replaces the approvals of the live version `expected.version`, only if
   * neither the version nor the names changed since `expected` was read.
   */
  rename(slug: string, expected: LiveApprovals, approvals: PublicApproval[]): Promise<'written' | 'conflict'>;
}
