import type { ReviewDecided } from '../../events/contracts.ts';
import { draftRequested, newEvent } from '../../events/factory.ts';
import { withReviewCycle } from '../domain/article-serving.ts';
import { checkDraftIntegrity, type DraftContent, editorDraft } from '../domain/draft.ts';
import {
  ConflictError,
  type FieldError,
  NotFoundError,
  UnsupportedDraftError,
  ValidationError,
} from '../domain/errors.ts';
import { applyTransition } from '../domain/lifecycle.ts';
import { supportProblems } from '../domain/publish-gate.ts';
import type { AuditEntry, Question, QuestionStatus } from '../domain/question.ts';
import {
  assertDecidable,
  type DecisionCommand,
  decide,
  editRevision,
  type ReviewOutcome,
  validateCommand,
} from '../domain/review.ts';
import { type ReviewCycleSettings, type ReviewReason, reviewReasonOf } from '../domain/review-cycle.ts';
import type { ArticleNotice } from '../domain/source-withdrawal.ts';
import type { ArticleReader } from '../ports/article-reader.ts';
import type { QuestionStore, RevisionWithDecisions } from '../ports/question-store.ts';
import { citedLibraryStatus, type SourceResolver } from './cited-sources.ts';

export interface ReviewDeps {
  store: QuestionStore;
  /** The reference library's catalogue: the publish gate resolves the cited ids in it. */
  catalog: SourceResolver;
  now: () => Date;
  requiredApprovals: number;
}

const CONCURRENT_CHANGE = 'The question changed while you were deciding; reload it and try again';

const loadQuestion = async (store: QuestionStore, id: string): Promise<Question> => {
  const question = await store.get(id);
  if (!question) throw new NotFoundError(`No question with id ${id}`);
  return question;
};

export interface ReviewDetail {
  question: Pick<
    Question,
    'id' | 'question' | 'audience' | 'status' | 'followUpOf' | 'timeline' | 'articleSlug'
  > & {
    currentRevision: number;
  };
  revisions: RevisionWithDecisions[];
  audit: AuditEntry[];
  /** What readers of the live article are told now (a withdrawn source, an overdue review); empty when none. */
  notices: ArticleNotice[];
}

/** Where the review detail reads the live article's notices from. */
export interface LiveNoticesDeps {
  articles: Pick<ArticleReader, 'readArticle'>;
  reviewCycle: ReviewCycleSettings;
  now: () => Date;
}

/** The live article's notices as readers see them at `now`: one GetItem; none when nothing is live. */
const liveNotices = async (deps: LiveNoticesDeps | undefined, slug: string | undefined) => {
  if (!deps || !slug) return [];
  const served = await deps.articles.readArticle(slug, 'clinician');
  return served ? withReviewCycle(served.article, deps.reviewCycle, deps.now()).article.notices : [];
};

export const reviewDetail = async (
  deps: Pick<ReviewDeps, 'store'> & { live?: LiveNoticesDeps },
  id: string,
): Promise<ReviewDetail> => {
  const question = await loadQuestion(deps.store, id);
  const [revisions, audit, notices] = await Promise.all([
    deps.store.listRevisions(id),
    deps.store.listAudit(id),
    liveNotices(deps.live, question.articleSlug),
  ]);
  return {
    question: {
      id: question.id,
      question: question.question,
      audience: question.audience,
      status: question.status,
      ...(question.followUpOf ? { followUpOf: question.followUpOf } : {}),
      ...(question.articleSlug ? { articleSlug: question.articleSlug } : {}),
      timeline: question.timeline,
      currentRevision: question.currentRevision,
    },
    revisions,
    audit: audit.sort((a, b) => a.at.localeCompare(b.at)),
    notices,
  };
};

export const reviewQueue = async (
  deps: Pick<ReviewDeps, 'store'>,
  options: { status: QuestionStatus; limit: number; cursor?: string; reason?: ReviewReason },
) => {
  const page = await deps.store.listByStatus(options.status, {
    limit: options.limit,
    ...(options.cursor ? { cursor: options.cursor } : {}),
    ...(options.reason ? { reason: options.reason } : {}),
  });
  return {
    items: page.items.map((question) => ({
      id: question.id,
      question: question.question,
      status: question.status,
      reason: reviewReasonOf(question),
      revision: question.currentRevision,
      submittedAt: question.createdAt,
      updatedAt: question.updatedAt,
    })),
    nextCursor: page.cursor ?? null,
  };
};

export const reviewDecidedEvent = (
  question: Question,
  reviewer: string,
  decision: DecisionCommand['decision'],
  outcome: ReviewOutcome,
  at: string,
): ReviewDecided =>
  newEvent<ReviewDecided>(
    'review.decided',
    question.id,
    { questionId: question.id, revision: question.currentRevision, reviewer, decision, outcome },
    // One id per settled approval, so a reconciler re-send is recognisably the same event.
    {
      at,
      ...(outcome === 'approved'
        ? { id: `review.decided:${question.id}:${question.currentRevision}:approved` }
        : {}),
    },
  );

/**
 * A reviewer's decision on the current revision. The decision, the status
 * change, the audit entries and the `review.decided` event (the outbox) are
 * one conditional write: two reviewers deciding at once cannot both succeed
 * on a stale view, and no decision is stored without its event. An approval
 * that settles the revision reaches publication through the bus's rule; a
 * change request's `draft.requested` is written with it, and the bus routes it to the drafter.
 */
export const decideOnRevision = async (
  deps: ReviewDeps,
  input: { questionId: string; reviewer: string; command: DecisionCommand },
) => {
  validateCommand(input.command);
  const question = await loadQuestion(deps.store, input.questionId);
  const revision = await deps.store.getRevision(question.id, input.command.revision);
  if (!revision) {
    throw new ConflictError(
      `Revision ${input.command.revision} does not exist; the current revision is ${question.currentRevision}`,
    );
  }
  assertDecidable({
    question,
    revision,
    command: input.command,
    reviewer: input.reviewer,
    requiredApprovals: deps.requiredApprovals,
  });
  if (input.command.decision === 'approve') {
    const library = await citedLibraryStatus(deps.catalog, revision.draft);
    const problems = supportProblems(revision.draft, library.ids, library.withdrawn);
    if (problems.length > 0) {
      throw new UnsupportedDraftError(
        `Revision ${revision.revision} cannot be approved: its claims are not all supported by resolvable citations`,
        problems,
      );
    }
  }
  const at = deps.now().toISOString();
  const result = decide({
    question,
    revision,
    command: input.command,
    reviewer: input.reviewer,
    at,
    requiredApprovals: deps.requiredApprovals,
  });
  const event = reviewDecidedEvent(
    result.question,
    input.reviewer,
    input.command.decision,
    result.outcome,
    at,
  );
  // A change request asks for the next revision in the same write: the bus routes it to the drafter.
  const redraft =
    result.outcome === 'changes_requested'
      ? [draftRequested(question.id, revision.revision + 1, 'changes_requested', at)]
      : [];
  const written = await deps.store.commit({
    before: question,
    after: result.question,
    audit: result.audit,
    decision: { revision: revision.revision, record: result.record },
    events: [event, ...redraft],
  });
  if (!written) throw new ConflictError(CONCURRENT_CHANGE);
  return {
    questionId: question.id,
    revision: revision.revision,
    decision: result.record,
    outcome: result.outcome,
    status: result.question.status,
  };
};

/**
 * An editor's own revision: it replaces the one under review and goes to
 * review itself. The server decides what the revision records: the client's
 * `flags` and `generator` are ignored (`generator` becomes the editor
 * adapter, the author the editor), library citations show the library's
 * title, publisher, year and url, and the draft must already pass the
 * publish gate (422 naming each failing claim or citation) — a reviewer
 * would otherwise be asked to judge a revision nobody may approve.
 */
export const submitEditorRevision = async (
  deps: ReviewDeps,
  input: {
    questionId: string;
    editor: string;
    baseRevision: number;
    draft: DraftContent;
    changeSummary?: string;
  },
) => {
  const library = await citedLibraryStatus(deps.catalog, input.draft);
  // editorDraft copies each cited source's title, publisher, year and url (withLibraryCitations in draft.ts).
  const draft = editorDraft(input.draft, library.sources);
  // Support first (422, what a reviewer could never approve), then numbering and inline references (400).
  const unsupported = supportProblems(draft, library.ids, library.withdrawn);
  if (unsupported.length > 0) {
    throw new UnsupportedDraftError(
      'The draft has claims or citations that the reference library or a complete https reference does not support',
      prefixed(unsupported, 'draft.'),
    );
  }
  const inconsistent = checkDraftIntegrity(draft);
  if (inconsistent.length > 0) {
    throw new ValidationError('The draft is inconsistent', prefixed(inconsistent, 'draft.'));
  }
  const question = await loadQuestion(deps.store, input.questionId);
  const at = deps.now().toISOString();
  const result = editRevision({ question, baseRevision: input.baseRevision, editor: input.editor, at });
  const written = await deps.store.commit({
    before: question,
    after: result.question,
    audit: result.audit,
    revision: {
      revision: result.revision,
      author: input.editor,
      createdAt: at,
      draft,
      ...(input.changeSummary !== undefined ? { changeSummary: input.changeSummary } : {}),
    },
  });
  if (!written) throw new ConflictError(`Revision ${input.baseRevision} is no longer the current revision`);
  return { questionId: question.id, revision: result.revision, status: result.question.status };
};

const prefixed = (errors: FieldError[], prefix: string): FieldError[] =>
  errors.map((error) => ({ ...error, path: `${prefix}${error.path}` }));

/** An admin's retry of a failed question: back to submitted, with a new draft request in the same write. */
export const retryFailedQuestion = async (deps: ReviewDeps, input: { questionId: string; admin: string }) => {
  const question = await loadQuestion(deps.store, input.questionId);
  if (question.status !== 'failed')
    throw new ConflictError(`Only a failed question can be retried; this one is ${question.status}`);
  const at = deps.now().toISOString();
  const { question: resubmitted, audit } = applyTransition(question, 'submitted', {
    at,
    actor: input.admin,
    action: 'admin.retry',
  });
  const events = [draftRequested(question.id, question.currentRevision + 1, 'retry', at)];
  if (!(await deps.store.commit({ before: question, after: resubmitted, audit: [audit], events }))) {
    throw new ConflictError(CONCURRENT_CHANGE);
  }
  return resubmitted;
};
