import { createHash } from 'node:crypto';
import type { AuditEntry, Question, QuestionStatus } from '../../domain/question.ts';
import type { DecisionRecord } from '../../domain/review.ts';
import type { ReviewReason } from '../../domain/review-cycle.ts';
import type { IdempotencyRecord, RevisionWithDecisions } from '../../ports/question-store.ts';

/**
 * Item layout of the questions table (single-table design, pk/sk):
 *   Q#<id>            QUESTION                 the question (+ byStatus index keys)
 *   Q#<id>            REV#<nnnn>               a draft revision
 *   Q#<id>            REV#<nnnn>#DEC#<user>    a reviewer's decision on a revision
 *   Q#<id>            AUDIT#<at>#<nonce>       one audit-trail entry
 *   DEDUP#<sha256 of normalised text>  DEDUP   which question a normalised text belongs to
 *   IDEMP#<key>       IDEMP                    an Idempotency-Key and its first response
 *   ASK#<id>          ASK                      an asker's own handle on a question asked before
 *   BUDGET#<UTC day>  BUDGET                   the day's generation budget: calls, tokens (generation-budget.ts)
 */
export const questionKey = (id: string) => ({ pk: `Q#${id}`, sk: 'QUESTION' });
// Hashed: a 2,000-character question can exceed DynamoDB's 2 KiB partition key limit.
export const dedupKey = (normalized: string) => ({
  pk: `DEDUP#${createHash('sha256').update(normalized).digest('hex')}`,
  sk: 'DEDUP',
});
export const idempotencyKey = (key: string) => ({ pk: `IDEMP#${key}`, sk: 'IDEMP' });
export const handleKey = (id: string) => ({ pk: `ASK#${id}`, sk: 'ASK' });
export const revisionSortKey = (revision: number) => `REV#${String(revision).padStart(4, '0')}`;
export const decisionSortKey = (revision: number, reviewer: string) =>
  `${revisionSortKey(revision)}#DEC#${reviewer}`;

export const statusIndexKeys = (status: QuestionStatus, since: string, id: string) => ({
  statusKey: `STATUS#${status}`,
  statusSince: `${since}#${id}`,
});

export const questionItem = (question: Question) => ({
  ...questionKey(question.id),
  entity: 'question',
  ...question,
  // Ordered by when the question entered its status (its last timeline entry), so a pending
  // approval does not send a question to the back of the review queue. A question waiting for the
  // generation budget sorts by when it may be drafted again, so the reconciler's "older than the
  // grace period" Query leaves it alone until the budget resets.
  ...statusIndexKeys(
    question.status,
    question.waiting?.until ?? question.timeline.at(-1)?.at ?? question.updatedAt,
    question.id,
  ),
});

export const auditItem = (questionId: string, entry: AuditEntry) => ({
  pk: `Q#${questionId}`,
  sk: `AUDIT#${entry.at}#${Math.random().toString(36).slice(2, 8)}`,
  entity: 'audit',
  ...entry,
});

/**
 * The attributes of a question item that are the question's own fields (the
 * rest are keys and index attributes). Keyed by `keyof Question`, so a field
 * added to the type and not here is a compile error, not a field silently
 * written and never read back.
 */
const QUESTION_FIELDS = Object.keys({
  id: true,
  question: true,
  audience: true,
  status: true,
  followUpOf: true,
  timeline: true,
  currentRevision: true,
  articleSlug: true,
  failureReason: true,
  waiting: true,
  draftClaim: true,
  reviewReason: true,
  reviewEvidence: true,
  scheduledReviewFor: true,
  createdAt: true,
  updatedAt: true,
} satisfies Record<keyof Question, true>) as (keyof Question)[];

export const toQuestion = (item: Record<string, unknown>): Question => {
  const question: Record<string, unknown> = {};
  for (const field of QUESTION_FIELDS) {
    if (item[field] !== undefined) question[field] = item[field];
  }
  return question as unknown as Question;
};

/** Idempotency keys are remembered for a day, as clients retry within minutes. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
export const idempotencyItem = (record: IdempotencyRecord, at: string) => ({
  ...idempotencyKey(record.key),
  entity: 'idempotency',
  bodyHash: record.bodyHash,
  response: record.response,
  expiresAt: Math.floor(Date.parse(at) / 1000) + IDEMPOTENCY_TTL_SECONDS,
});

/** Which questions are in review for a reason (reviewReasonOf in review-cycle.ts), as a filter. */
export const REASON_FILTERS: Record<ReviewReason, { filter: string; values?: Record<string, string> }> = {
  new_question: { filter: 'attribute_not_exists(reviewReason) AND attribute_not_exists(articleSlug)' },
  revision: { filter: 'attribute_not_exists(reviewReason) AND attribute_exists(articleSlug)' },
  scheduled_re_review: {
    filter: 'reviewReason = :reason',
    values: { ':reason': 'scheduled_re_review' },
  },
  reader_feedback: {
    filter: 'reviewReason = :reason',
    values: { ':reason': 'reader_feedback' },
  },
  source_withdrawn: {
    filter: 'reviewReason = :reason',
    values: { ':reason': 'source_withdrawn' },
  },
};

/** Revision items come sorted, each followed by its decision items (`REV#0001`, `REV#0001#DEC#…`). */
export const groupRevisions = (items: Record<string, unknown>[]): RevisionWithDecisions[] => {
  const revisions: RevisionWithDecisions[] = [];
  for (const item of items) {
    if (item.entity === 'revision') {
      revisions.push({
        revision: item.revision as number,
        author: item.author as string,
        createdAt: item.createdAt as string,
        draft: item.draft as RevisionWithDecisions['draft'],
        ...(typeof item.changeSummary === 'string' ? { changeSummary: item.changeSummary } : {}),
        ...(typeof item.proposedChangeSummary === 'string'
          ? { proposedChangeSummary: item.proposedChangeSummary }
          : {}),
        decisions: [],
      });
    } else if (item.entity === 'decision') {
      const { reviewer, decision, reason, changeSummary, at } = item as unknown as DecisionRecord;
      revisions.at(-1)?.decisions.push({
        reviewer,
        decision,
        ...(reason ? { reason } : {}),
        ...(changeSummary ? { changeSummary } : {}),
        at,
      });
    }
  }
  for (const revision of revisions) revision.decisions.sort((a, b) => a.at.localeCompare(b.at));
  return revisions;
};
