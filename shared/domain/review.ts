/**
 * Review rules, pure: reviewers' decisions on a revision and editors' new
 * revisions. The caller loads the question and the revision, calls one of
 * these, and writes everything returned in one transaction, conditioned on
 * the question's previous `updatedAt` so that concurrent decisions serialise
 * (two "pending" approvals written side by side would otherwise never add up
 * to "approved").
 *
 * Choices made here:
 * - The author of a revision (an editor, or `system` for generated drafts)
 *   asking to decide on it gets 403, not 409: it is about who they are, and
 *   retrying will never help.
 * - Malformed commands (400) are reported before state conflicts (409/403).
 * - Rejecting a revision of an article that is already live discards that
 *   revision only: the question returns to `published` and the live version
 *   stays. Rejecting a never-published question is terminal.
 */
import { ConflictError, type FieldError, ForbiddenError, ValidationError } from './errors.ts';
import { applyTransition, nonBlank, wasRetracted } from './lifecycle.ts';
import type { AuditEntry, Question, QuestionStatus } from './question.ts';

export const DECISIONS = ['approve', 'reject', 'request_changes'] as const;
export type Decision = (typeof DECISIONS)[number];
/** The longest change summary a version carries (characters, after trimming). */
export const CHANGE_SUMMARY_MAX = 500;

export interface DecisionRecord {
  reviewer: string;
  decision: Decision;
  reason?: string;
  /** An approval's account of what this revision changes for readers (shown with the version it publishes). */
  changeSummary?: string;
  at: string;
}

export interface RevisionState {
  revision: number;
  author: string;
  decisions: DecisionRecord[];
  /** The editor's own account of what the revision changes, proposed with their draft. */
  changeSummary?: string;
  /** What a regenerated draft proposes from its diff against the live version, used when nobody wrote one. */
  proposedChangeSummary?: string;
}

export type ReviewOutcome = 'pending' | 'approved' | 'rejected' | 'changes_requested';

/** Statuses from which an editor may submit a new revision (PUT /draft). */
export const EDITABLE_STATUSES: readonly QuestionStatus[] = [
  'in_review',
  'changes_requested',
  'published',
  'retracted',
];

export interface DecisionCommand {
  revision: number;
  decision: Decision;
  reason?: string;
  /** Only with an approval: what the revision changes, as readers will see it. */
  changeSummary?: string;
}

export interface DecideInput {
  question: Question;
  /** The state of `command.revision`, which must be the question's current revision. */
  revision: RevisionState;
  command: DecisionCommand;
  reviewer: string;
  at: string;
  requiredApprovals: number;
}

export interface DecideResult {
  /** The decision to store, keyed by question, revision and reviewer. */
  record: DecisionRecord;
  /** The revision with the new decision appended. */
  revision: RevisionState;
  /** The question after the decision: a new status, or only a new `updatedAt` while pending. */
  question: Question;
  outcome: ReviewOutcome;
  audit: AuditEntry[];
}

/**
 * Whether the decision is on the current, still open revision, by a reviewer who may still decide on
 * it: 409 (or 403 for its author) before anything judges the revision's content, so a reviewer acting
 * on a stale view is told that first, whatever the revision says.
 */
export function assertDecidable(
  input: Pick<DecideInput, 'question' | 'revision' | 'command' | 'reviewer' | 'requiredApprovals'>,
): void {
  const { question, revision, command, reviewer, requiredApprovals } = input;
  if (question.status !== 'in_review') {
    throw new ConflictError(`Question is ${question.status}, not in review`);
  }
  if (command.revision !== question.currentRevision) {
    throw new ConflictError(
      `Revision ${command.revision} is stale; the current revision is ${question.currentRevision}`,
    );
  }
  if (revision.revision !== command.revision) {
    // The caller loaded the wrong revision: a bug, not a client error.
    throw new Error(`Loaded revision ${revision.revision} to decide on revision ${command.revision}`);
  }
  if (sameIdentity(reviewer, revision.author)) {
    throw new ForbiddenError('The author of a revision cannot review it');
  }
  if (revision.decisions.some((d) => sameIdentity(d.reviewer, reviewer))) {
    throw new ConflictError(`You have already decided on revision ${revision.revision}`);
  }
  const settled = revisionOutcome(revision, requiredApprovals);
  if (settled !== 'pending') {
    throw new ConflictError(`Revision ${revision.revision} is already settled (${settled})`);
  }
}

export function decide(input: DecideInput): DecideResult {
  const { question, revision, command, reviewer, at, requiredApprovals } = input;
  assertRequiredApprovals(requiredApprovals);
  const reason = validateCommand(command);

  assertDecidable(input);

  const record: DecisionRecord = {
    reviewer,
    decision: command.decision,
    ...(reason !== undefined ? { reason } : {}),
    ...(command.changeSummary !== undefined ? { changeSummary: command.changeSummary } : {}),
    at,
  };
  const decided: RevisionState = { ...revision, decisions: [...revision.decisions, record] };
  const outcome = revisionOutcome(decided, requiredApprovals);
  const action = `review.${command.decision}`;

  if (outcome === 'pending') {
    const audit: AuditEntry = {
      at,
      actor: reviewer,
      action,
      revision: revision.revision,
      ...(reason !== undefined ? { reason } : {}),
    };
    return { record, revision: decided, question: { ...question, updatedAt: at }, outcome, audit: [audit] };
  }

  const transition = applyTransition(question, statusAfter(outcome, question), {
    at,
    actor: reviewer,
    action,
    revision: revision.revision,
    ...(reason !== undefined ? { reason } : {}),
  });
  return { record, revision: decided, question: transition.question, outcome, audit: [transition.audit] };
}

/**
 * Where a revision stands, replaying its decisions in order: the first
 * reject or change request settles it, as does the approval that reaches
 * `requiredApprovals` distinct reviewers other than the author. The publish
 * worker should check this is `approved` before anything goes public.
 */
export function revisionOutcome(revision: RevisionState, requiredApprovals: number): ReviewOutcome {
  assertRequiredApprovals(requiredApprovals);
  const approvers = new Set<string>();
  for (const { reviewer, decision } of revision.decisions) {
    if (sameIdentity(reviewer, revision.author)) continue;
    if (decision === 'reject') return 'rejected';
    if (decision === 'request_changes') return 'changes_requested';
    approvers.add(identityKey(reviewer));
    if (approvers.size >= requiredApprovals) return 'approved';
  }
  return 'pending';
}

/** Distinct reviewers, other than the author, who approved the revision, in order. */
export function approversOf(revision: RevisionState): string[] {
  const approvers = new Map<string, string>();
  for (const d of revision.decisions) {
    if (d.decision !== 'approve' || sameIdentity(d.reviewer, revision.author)) continue;
    if (!approvers.has(identityKey(d.reviewer))) approvers.set(identityKey(d.reviewer), d.reviewer);
  }
  return [...approvers.values()];
}

/**
 * What a revision changes, as its published version tells readers: the latest approval that gives a
 * summary (a reviewer may edit the editor's, and the last word is the one that settled it), else the
 * summary the editor submitted with the revision, else the one a regenerated draft proposed from its
 * diff; none for a revision nobody described.
 */
export function changeSummaryOf(revision: RevisionState): string | undefined {
  const approvers = approversOf(revision).map(identityKey);
  const described = revision.decisions.filter(
    (d) =>
      d.decision === 'approve' &&
      d.changeSummary !== undefined &&
      approvers.includes(identityKey(d.reviewer)),
  );
  return described.at(-1)?.changeSummary ?? revision.changeSummary ?? revision.proposedChangeSummary;
}

/**
 * The form under which two subjects are one person for every review rule
 * (distinct approvers, author ≠ approver): trimmed and case-folded, so
 * `Alice`, `alice` and `"alice "` are one reviewer. Cognito subjects are
 * lower-case UUIDs, which this leaves as they are.
 */
export const identityKey = (subject: string): string => subject.trim().toLocaleLowerCase('en-US');

export const sameIdentity = (a: string, b: string): boolean => identityKey(a) === identityKey(b);

export interface EditRevisionInput {
  question: Question;
  /** The revision the editor started from; must still be the current one. */
  baseRevision: number;
  editor: string;
  at: string;
}

export interface EditRevisionResult {
  /** The new revision's number: the current revision plus one. */
  revision: number;
  /** The new revision, authored by the editor, with no decisions yet. */
  revisionState: RevisionState;
  question: Question;
  audit: AuditEntry[];
}

/** An editor's new revision (PUT /v1/review/questions/{id}/draft); it goes to review. */
export function editRevision(input: EditRevisionInput): EditRevisionResult {
  const { question, baseRevision, editor, at } = input;
  if (!Number.isInteger(baseRevision) || baseRevision < 1) {
    throw new ValidationError('Invalid base revision', [
      { path: 'baseRevision', message: 'Must be a positive integer' },
    ]);
  }
  if (!EDITABLE_STATUSES.includes(question.status)) {
    throw new ConflictError(
      `Question is ${question.status}; only questions in review, with changes requested or published can be revised`,
    );
  }
  if (baseRevision !== question.currentRevision) {
    throw new ConflictError(
      `Base revision ${baseRevision} is stale; the current revision is ${question.currentRevision}`,
    );
  }
  const revision = question.currentRevision + 1;
  const transition = applyTransition(question, 'in_review', {
    at,
    actor: editor,
    action: 'revision.edited',
    revision,
  });
  return {
    revision,
    revisionState: { revision, author: editor, decisions: [] },
    question: transition.question,
    audit: [transition.audit],
  };
}

function statusAfter(outcome: Exclude<ReviewOutcome, 'pending'>, question: Question): QuestionStatus {
  if (outcome === 'rejected') {
    // A rejected revision of an article that was published leaves it as it was: live, or retracted.
    if (question.articleSlug === undefined) return 'rejected';
    return wasRetracted(question) ? 'retracted' : 'published';
  }
  return outcome;
}

/** Returns the trimmed reason, or throws (400) when the command is malformed, whatever the state. */
export function validateCommand(command: DecisionCommand): string | undefined {
  const errors: FieldError[] = [];
  if (!Number.isInteger(command.revision) || command.revision < 1) {
    errors.push({ path: 'revision', message: 'Must be a positive integer' });
  }
  if (!(DECISIONS as readonly string[]).includes(command.decision)) {
    errors.push({ path: 'decision', message: `Must be one of ${DECISIONS.join(', ')}` });
  }
  const reason = nonBlank(command.reason);
  if ((command.decision === 'reject' || command.decision === 'request_changes') && reason === undefined) {
    errors.push({ path: 'reason', message: 'A reason is required to reject or request changes' });
  }
  if (command.changeSummary !== undefined && command.decision !== 'approve') {
    errors.push({ path: 'changeSummary', message: 'Only an approval takes a change summary' });
  }
  if (errors.length > 0) throw new ValidationError('Invalid decision', errors);
  return reason;
}

function assertRequiredApprovals(requiredApprovals: number): void {
  // A configuration error, not a client's: let it surface as a 500.
  if (!Number.isInteger(requiredApprovals) || requiredApprovals < 1) {
    throw new RangeError(`requiredApprovals must be an integer >= 1, got ${requiredApprovals}`);
  }
}
