/**
 * Source withdrawal, pure: what an admin's withdrawal of a library source
 * records, the notice readers of every live article citing it see, and the
 * notices an article carries (stored ones, and the review cycle's overdue
 * notice worked out as it is read).
 *
 * A withdrawn source stays in the catalogue (old versions still name it) but
 * no longer resolves for the publish gate, drafting or retrieval: nothing new
 * can cite it, and an article that did is re-reviewed without it.
 */
import type { ReviewNotice } from './review-cycle.ts';

export interface SourceWithdrawal {
  reason: string;
  /** The library source that replaces it, when one does. */
  supersededBy?: string;
  at: string;
  /** Who withdrew it (token subject; internal). */
  by: string;
}

export interface WithdrawalNotice {
  kind: 'source_withdrawn';
  text: string;
  since: string;
}

/** What a reader sees at the top of an article: withdrawn sources first (stored), then the review's state. */
export type ArticleNotice = WithdrawalNotice | ReviewNotice;

/** A withdrawal notice as stored on a live article: which source it is about (internal, not served). */
export interface StoredWithdrawalNotice extends WithdrawalNotice {
  sourceId: string;
}

export const withdrawalNoticeText = (withdrawal: Pick<SourceWithdrawal, 'supersededBy'>): string =>
  withdrawal.supersededBy
    ? 'A source this article cites has been withdrawn and superseded by a newer one. The article is under clinical re-review; check the latest guidance or ask a clinician.'
    : 'A source this article cites has been withdrawn. The article is under clinical re-review; check the latest guidance or ask a clinician.';

export const withdrawalNotice = (sourceId: string, withdrawal: SourceWithdrawal): StoredWithdrawalNotice => ({
  kind: 'source_withdrawn',
  text: withdrawalNoticeText(withdrawal),
  since: withdrawal.at,
  sourceId,
});

/** The served form of stored notices: the source id stays internal. */
export const publicNotices = (stored: readonly StoredWithdrawalNotice[] | undefined): WithdrawalNotice[] =>
  (stored ?? []).map(({ kind, text, since }) => ({ kind, text, since }));

/** The same withdrawal asked again: same reason and replacement (an idempotent repeat, not a change). */
export const sameWithdrawal = (
  stored: Pick<SourceWithdrawal, 'reason' | 'supersededBy'>,
  asked: Pick<SourceWithdrawal, 'reason' | 'supersededBy'>,
): boolean =>
  stored.reason === asked.reason && (stored.supersededBy ?? null) === (asked.supersededBy ?? null);

/** Why the re-review of an article citing a withdrawn source was opened (audit trail and queue). */
export const withdrawalReviewReason = (sourceId: string, withdrawal: SourceWithdrawal): string =>
  `Source ${sourceId} was withdrawn: ${withdrawal.reason}` +
  (withdrawal.supersededBy ? ` (superseded by ${withdrawal.supersededBy})` : '');
