/**
 * The question lifecycle: which status changes are legal, and the one pure
 * function that performs a change and records it in the audit trail.
 *
 * | from              | to                | when                                                          |
 * | ----------------- | ----------------- | ------------------------------------------------------------- |
 * | submitted         | drafting          | the draft worker picks the request up                         |
 * | submitted         | failed            | poison input: the request can never be drafted                |
 * | drafting          | in_review         | draft revision n was generated                                |
 * | drafting          | failed            | the retry budget is spent                                     |
 * | drafting          | submitted         | the day's generation budget is spent: it waits for the reset  |
 * | in_review         | in_review         | an editor's new revision supersedes the one under review (*)  |
 * | in_review         | approved          | the current revision reached the required approvals           |
 * | in_review         | changes_requested | a reviewer asked for changes (reason required)                |
 * | in_review         | rejected          | a reviewer rejected (reason required); terminal               |
 * | in_review         | published         | a revision of a live article was rejected: the live one stays (*) |
 * | changes_requested | drafting          | regenerate with the reviewer's comments                       |
 * | changes_requested | in_review         | an editor's edit, as a new revision                           |
 * | approved          | published         | the publish worker wrote the public read model                |
 * | published         | in_review         | an editor's new revision; the live version stays untouched    |
 * | published         | drafting          | the review sweep opened a scheduled re-review (*)             |
 * | failed            | submitted         | admin retry of a question that failed before drafting         |
 * | failed            | drafting          | admin retry                                                   |
 * | any but rejected  | retracted         | an admin retracted its article (reason required) (*)          |
 * | retracted         | in_review         | an editor's new revision brings it back to review explicitly  |
 * | in_review         | retracted         | a revision of a retracted question was rejected: it stays retracted |
 *
 * (*) guarded edges, checked by `applyTransition` because the status pair alone
 * cannot tell: in_review → in_review needs a newer revision,
 * in_review → published needs an article that is already live (`articleSlug`),
 * → retracted needs an article that was published (`articleSlug`), and
 * published → drafting needs the sweep's `reviewReason` on the question.
 *
 * Deliberately absent: anything out of `rejected` (terminal, so a rejection
 * cannot be quietly undone); `approved → in_review` (an approval stands until
 * it is published, after which the article can be revised). A live article
 * is regenerated only by the scheduled re-review (review-cycle.ts): no API
 * route moves `published → drafting`.
 * `retracted` is final for everything automatic: no approval, publication or
 * reconciler re-drive moves it; only an editor's new revision does.
 */
import { ConflictError, ValidationError } from './errors.ts';
import type { AuditEntry, Question, QuestionStatus } from './question.ts';

const TRANSITIONS: Readonly<Record<QuestionStatus, readonly QuestionStatus[]>> = {
  submitted: ['drafting', 'failed', 'retracted'],
  drafting: ['in_review', 'failed', 'submitted', 'retracted'],
  in_review: ['in_review', 'approved', 'changes_requested', 'rejected', 'published', 'retracted'],
  changes_requested: ['drafting', 'in_review', 'retracted'],
  approved: ['published', 'retracted'],
  published: ['in_review', 'drafting', 'retracted'],
  rejected: [],
  failed: ['submitted', 'drafting', 'retracted'],
  retracted: ['in_review'],
};

/** Statuses that end a review cycle: the review reason that opened it no longer applies. */
const SETTLED: ReadonlySet<QuestionStatus> = new Set(['published', 'retracted', 'rejected']);

/** Statuses a change into which must say why. */
const REASON_REQUIRED: ReadonlySet<QuestionStatus> = new Set(['rejected', 'changes_requested', 'retracted']);

export function allowedTransitions(from: QuestionStatus): readonly QuestionStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: QuestionStatus, to: QuestionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: QuestionStatus, to: QuestionStatus): void {
  if (!canTransition(from, to)) {
    const allowed = TRANSITIONS[from];
    const hint = allowed.length === 0 ? `${from} is final` : `from ${from} only ${allowed.join(', ')}`;
    throw new ConflictError(`Cannot move a question from ${from} to ${to} (${hint})`);
  }
}

export interface TransitionOptions {
  at: string;
  actor: string;
  /** What happened, for the audit trail, e.g. `draft.generated`, `review.reject`. */
  action: string;
  /** The revision the change concerns; a newer one becomes the current revision. */
  revision?: number;
  reason?: string;
}

export interface TransitionResult {
  question: Question;
  audit: AuditEntry;
}

/** Performs a legal status change; pure, the caller persists both results together. */
export function applyTransition(
  question: Question,
  to: QuestionStatus,
  options: TransitionOptions,
): TransitionResult {
  const from = question.status;
  assertTransition(from, to);
  const reason = nonBlank(options.reason);
  assertGuards(question, to, options.revision);
  if (REASON_REQUIRED.has(to) && reason === undefined) {
    throw new ValidationError(`Moving a question to ${to} needs a reason`, [
      { path: 'reason', message: 'Required, and must not be blank' },
    ]);
  }

  const {
    failureReason: _previousFailure,
    waiting: _previousWait,
    reviewReason,
    reviewEvidence,
    ...rest
  } = question;
  const updated: Question = {
    ...rest,
    // A review's reason (and the evidence it offers) lasts until the question settles again on a
    // live (or retracted) article.
    ...(reviewReason !== undefined && !SETTLED.has(to) ? { reviewReason } : {}),
    ...(reviewEvidence !== undefined && !SETTLED.has(to) ? { reviewEvidence } : {}),
    status: to,
    timeline: [...question.timeline, { status: to, at: options.at }],
    currentRevision: options.revision ?? question.currentRevision,
    updatedAt: options.at,
    // Only a failed question carries a failure reason; leaving `failed` clears it.
    ...(to === 'failed' && reason !== undefined ? { failureReason: reason } : {}),
  };
  const audit: AuditEntry = {
    at: options.at,
    actor: options.actor,
    action: options.action,
    from,
    to,
    ...(options.revision !== undefined ? { revision: options.revision } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
  return { question: updated, audit };
}

function assertGuards(question: Question, to: QuestionStatus, revision: number | undefined): void {
  if (revision !== undefined && revision < question.currentRevision) {
    throw new ConflictError(
      `Revision ${revision} is older than the current revision ${question.currentRevision}`,
    );
  }
  if (question.status === 'in_review' && to === 'in_review') {
    if (revision === undefined || revision <= question.currentRevision) {
      throw new ConflictError(
        'A question already in review can only move to review again with a new revision',
      );
    }
  }
  if (question.status === 'in_review' && to === 'published' && question.articleSlug === undefined) {
    throw new ConflictError('Only a question with a live article can return to published without approval');
  }
  if (question.status === 'published' && to === 'drafting' && question.reviewReason === undefined) {
    throw new ConflictError(
      'A live article is regenerated only by a re-review (scheduled, or on reader feedback)',
    );
  }
  if (to === 'retracted' && question.articleSlug === undefined) {
    throw new ConflictError('Only a question whose article was published can be retracted');
  }
}

/**
 * Whether the question's article was retracted and not published again since:
 * the latest of `published` and `retracted` in its timeline is `retracted`.
 */
export function wasRetracted(question: Pick<Question, 'timeline'>): boolean {
  const settled = question.timeline.findLast(
    (entry) => entry.status === 'published' || entry.status === 'retracted',
  );
  return settled?.status === 'retracted';
}

/** The trimmed text, or undefined when absent or blank. */
export function nonBlank(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}
