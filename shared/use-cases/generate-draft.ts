import type { DraftGenerated, DraftRequested, QuestionFailed } from '../../events/contracts.ts';
import { newEvent } from '../../events/factory.ts';
import { liveRevisionOf, proposeChangeSummary } from '../domain/change-summary.ts';
import { checkDraftIntegrity, type Draft } from '../domain/draft.ts';
import { BUDGET_SPENT_REASON } from '../domain/generation-budget.ts';
import { applyTransition, wasRetracted } from '../domain/lifecycle.ts';
import { type Question, type QuestionStatus, SYSTEM_ACTOR } from '../domain/question.ts';
import { type DraftGenerator, GeneratorOutputError } from '../ports/draft-generator.ts';
import { GenerationBudgetSpentError } from '../ports/generation-budget.ts';
import type { QuestionStore, RevisionWithDecisions } from '../ports/question-store.ts';
import { citedLibrarySourceIds, type SourceResolver } from './cited-sources.ts';

export interface GenerateDraftDeps {
  store: QuestionStore;
  generator: DraftGenerator;
  /** The reference library's catalogue: the draft's cited ids must resolve in it. */
  catalog: SourceResolver;
  now: () => Date;
  /** Receives before SQS moves a message to the DLQ: the last attempt records the failure. */
  maxReceiveCount: number;
  /** How long a delivery's claim on a revision holds: no worker outlives its function timeout. */
  claimLeaseSeconds: number;
}

export type DraftOutcome =
  | { kind: 'drafted'; question: Question; draft: Draft }
  | { kind: 'skipped'; reason: string }
  | { kind: 'waiting'; until: string }
  | { kind: 'failed'; reason: string };

/** Statuses in which a draft request still has work to do. */
const DRAFTABLE: readonly QuestionStatus[] = ['submitted', 'drafting', 'changes_requested', 'failed'];

/**
 * Produces draft revision `revision` of a question. Safe under at-least-once
 * delivery: a request for a revision that exists, or for a question that
 * moved on, is acknowledged and ignored, and the revision is written only if
 * absent, so duplicates never create a second draft.
 *
 * Throws for transient failures (SQS retries the message); records
 * permanent failures, and the last attempt's transient one, as `failed`.
 */
export const generateDraft = async (
  deps: GenerateDraftDeps,
  request: DraftRequested,
  attempt: { receiveCount: number; messageId: string },
): Promise<DraftOutcome> => {
  const { questionId, revision } = request.data;
  let question = await deps.store.get(questionId);
  if (!question) return { kind: 'skipped', reason: 'unknown question' };
  if (question.currentRevision >= revision) return { kind: 'skipped', reason: 'revision already drafted' };
  if (revision !== question.currentRevision + 1)
    return { kind: 'skipped', reason: 'revision out of sequence' };
  if (!DRAFTABLE.includes(question.status))
    return { kind: 'skipped', reason: `question is ${question.status}` };

  question = await claimForDrafting(deps, question, attempt.messageId);
  if (!question) return { kind: 'skipped', reason: 'another delivery is drafting this revision' };

  let draft: Draft;
  // Read inside the try: a failed read counts as a failed attempt, recorded on the last one.
  let revisions: RevisionWithDecisions[] = [];
  try {
    revisions = await deps.store.listRevisions(questionId);
    draft = await deps.generator.generate({
      questionId,
      question: question.question,
      audience: question.audience,
      revision,
      reviewerComments: reviewerComments(revisions),
      ...(question.reviewEvidence ? { offeredSources: question.reviewEvidence } : {}),
    });
    const problems = checkDraftIntegrity(draft, await citedLibrarySourceIds(deps.catalog, draft));
    if (problems.length > 0)
      throw new GeneratorOutputError('The draft failed its integrity checks', problems);
  } catch (error) {
    if (error instanceof GenerationBudgetSpentError) return waitForBudget(deps, question, error.resetsAt);
    const permanent = error instanceof GeneratorOutputError;
    const lastAttempt = attempt.receiveCount >= deps.maxReceiveCount;
    if (!permanent && !lastAttempt) throw error;
    // The public status says what happened; the detail (which may name hosts or models) stays in the
    // reviewer-only audit trail.
    const reason = permanent
      ? "The generator's output was unusable"
      : `Draft generation kept failing (${attempt.receiveCount} attempts)`;
    await markFailed(deps, question, revision, reason, `${reason}: ${(error as Error).message}`);
    if (!permanent) throw error;
    return { kind: 'failed', reason };
  }

  const at = deps.now().toISOString();
  const { question: inReview, audit } = applyTransition(withoutClaim(question), 'in_review', {
    at,
    actor: SYSTEM_ACTOR,
    action: 'draft.generated',
    revision,
  });
  // The revision and its announcement are one write (the outbox).
  const event = newEvent<DraftGenerated>(
    'draft.generated',
    questionId,
    { questionId, revision, adapter: draft.generator.adapter, flags: draft.flags ?? [] },
    { at, id: `draft.generated:${questionId}:${revision}` },
  );
  const written = await deps.store.commit({
    before: question,
    after: inReview,
    audit: [audit],
    revision: {
      revision,
      author: SYSTEM_ACTOR,
      createdAt: at,
      draft,
      ...proposal(question, revisions, draft),
    },
    events: [event],
  });
  if (!written) return { kind: 'skipped', reason: 'a duplicate request drafted this revision first' };
  return { kind: 'drafted', question: inReview, draft };
};

/**
 * Claims the revision for this delivery: moves the question to `drafting`
 * with a claim naming the message. A duplicate delivery that finds a fresh
 * claim by another message is acknowledged without calling the generator
 * (the claiming message is still in flight and is redelivered if its worker
 * dies); the same message redelivered after a failure, or any message once
 * the claim is older than a worker can live, carries on.
 */
const claimForDrafting = async (
  deps: GenerateDraftDeps,
  question: Question,
  messageId: string,
): Promise<Question | undefined> => {
  const now = deps.now();
  if (question.status === 'drafting') {
    const claim = question.draftClaim;
    const expired = !claim || now.getTime() - Date.parse(claim.at) >= deps.claimLeaseSeconds * 1000;
    return expired || claim?.by === messageId ? question : undefined;
  }
  const at = now.toISOString();
  const { question: drafting, audit } = applyTransition(question, 'drafting', {
    at,
    actor: SYSTEM_ACTOR,
    action: 'draft.started',
  });
  const claimed = { ...drafting, draftClaim: { by: messageId, at } };
  return (await deps.store.commit({ before: question, after: claimed, audit: [audit] }))
    ? claimed
    : undefined;
};

/**
 * The day's generation budget is spent: the question goes back to `submitted` with a public reason
 * and the time the budget resets. Its draft request is acknowledged; the reconciler re-drives it
 * once the budget has reset (a waiting question sorts in the status index by that time).
 */
const waitForBudget = async (
  deps: GenerateDraftDeps,
  question: Question,
  until: string,
): Promise<DraftOutcome> => {
  const { question: submitted, audit } = applyTransition(withoutClaim(question), 'submitted', {
    at: deps.now().toISOString(),
    actor: SYSTEM_ACTOR,
    action: 'draft.waiting_for_budget',
    reason: BUDGET_SPENT_REASON,
  });
  const waiting = { ...submitted, waiting: { reason: BUDGET_SPENT_REASON, until } };
  const written = await deps.store.commit({ before: question, after: waiting, audit: [audit] });
  return written
    ? { kind: 'waiting', until }
    : { kind: 'skipped', reason: 'another delivery changed the question first' };
};

/** The claim ends with the drafting it guarded. */
const withoutClaim = ({ draftClaim: _claim, ...question }: Question): Question => question;

const markFailed = async (
  deps: GenerateDraftDeps,
  question: Question,
  revision: number,
  reason: string,
  detail: string,
) => {
  const at = deps.now().toISOString();
  const { question: failed, audit } = applyTransition(withoutClaim(question), 'failed', {
    at,
    actor: SYSTEM_ACTOR,
    action: 'draft.failed',
    reason,
  });
  // The public reason only: the detail may name hosts or models. Written with the failure (the outbox).
  const event = newEvent<QuestionFailed>(
    'question.failed',
    question.id,
    { questionId: question.id, revision, reason },
    { at, id: `question.failed:${question.id}:${revision}` },
  );
  await deps.store.commit({
    before: question,
    after: failed,
    audit: [{ ...audit, revision, reason: detail }],
    events: [event],
  });
};

/** Reasons reviewers gave when asking for changes, oldest first: the generator must address them. */
const reviewerComments = (revisions: readonly RevisionWithDecisions[]): string[] =>
  revisions.flatMap((revision) =>
    revision.decisions
      .filter((decision) => decision.decision === 'request_changes' && decision.reason)
      .map((decision) => decision.reason as string),
  );

/**
 * A draft of an article that is live (a re-review, or a regeneration of a revision) proposes what it
 * changes against the live version, for the reviewer to keep or rewrite; a first draft has nothing to
 * compare with, nor has a retracted article.
 */
const proposal = (
  question: Question,
  revisions: readonly RevisionWithDecisions[],
  draft: Draft,
): { proposedChangeSummary?: string } => {
  if (!question.articleSlug || wasRetracted(question)) return {};
  const live = liveRevisionOf(revisions, question.currentRevision + 1);
  return live ? { proposedChangeSummary: proposeChangeSummary(live.draft, draft) } : {};
};
