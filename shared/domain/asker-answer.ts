/**
 * The asker's answer (GET /v1/questions/{id}/answer), pure: what the person
 * holding a question's id may see of it before, during and after review.
 *
 * | question                                         | answer                                                 |
 * | ------------------------------------------------ | ------------------------------------------------------ |
 * | its article is live                              | `approved` + `articleSlug` (the reviewed article wins) |
 * | has an `articleSlug` whose article is not live   | `not_answered`, reason `retracted`                     |
 * | `retracted`                                      | `not_answered`, reason `retracted`                     |
 * | `rejected`                                       | `not_answered`, reason `declined`                      |
 * | `submitted`, `drafting`                          | `no_answer_yet`, reason `drafting`                     |
 * | `failed`                                         | `no_answer_yet`, reason `failed` + the public failure  |
 * | `in_review`, `changes_requested`, `approved`,    | `pending_review` with the revision's content and the   |
 * | latest revision supported                        | pending notice                                         |
 * | the same, latest revision not supported          | `no_answer_yet`, reason `awaiting_clinician`           |
 * | anything else (a status this file does not know) | `no_answer_yet`, reason `awaiting_clinician`           |
 *
 * "Supported" is the publish gate (`supportProblems` in draft.ts), so the
 * asker never reads a draft a reviewer could not approve. Content is picked
 * field by field from the draft: no flags, generator metadata, library ids,
 * decisions, reasons, audit entries or reviewer names can reach the view.
 */
import { type PublicCitation, publicCitation } from './article.ts';
import type { Draft, Section } from './draft.ts';
import { isSupported } from './publish-gate.ts';
import type { Audience, Question } from './question.ts';

/** Why there is no content: a public category, never a reviewer's words. */
export const ANSWER_REASONS = ['drafting', 'awaiting_clinician', 'failed', 'declined', 'retracted'] as const;
export type AnswerReason = (typeof ANSWER_REASONS)[number];

/** What the asker reads while a reviewer has not decided yet. */
export interface PendingAnswer {
  status: 'pending_review';
  audience: Audience;
  /** The configured pending-review notice: educational use only, not yet reviewed by a clinician. */
  notice: string;
  revision: number;
  generatedAt: string;
  title: string;
  bottomLine: string;
  sections: Section[];
  citations: PublicCitation[];
  suggestedQuestions: string[];
}

export interface NoAnswerYet {
  status: 'no_answer_yet';
  audience: Audience;
  reason: 'drafting' | 'awaiting_clinician' | 'failed';
  message: string;
  /** For `failed`: the same public reason `GET /v1/questions/{id}` shows. */
  failureReason?: string;
}

export interface ApprovedAnswer {
  status: 'approved';
  audience: Audience;
  articleSlug: string;
  /** Where the reviewed article is read, in the asker's audience. */
  articleUrl: string;
  message: string;
}

export interface NotAnswered {
  status: 'not_answered';
  audience: Audience;
  reason: 'declined' | 'retracted';
  message: string;
}

export type AskerAnswer = PendingAnswer | NoAnswerYet | ApprovedAnswer | NotAnswered;

/** The sentences an asker reads, by reason; fixed text, so nothing a reviewer wrote can leak through them. */
export const ANSWER_MESSAGES: Readonly<Record<AnswerReason | 'approved', string>> = {
  drafting: 'Your question was received and a draft answer is being prepared. Check again in a few seconds.',
  awaiting_clinician:
    'We could not draft an answer from our reference library. A clinician will look at your question.',
  failed: 'We could not prepare a draft answer automatically. A clinician will look at your question.',
  declined: 'Our clinicians reviewed your question and decided not to publish an answer to it.',
  retracted: 'The answer to your question was withdrawn by our clinicians and is no longer available.',
  approved: 'Your answer was reviewed and approved by our clinicians.',
};

/** Statuses in which the latest revision is still the one under (or awaiting) review. */
const DRAFT_STATUSES: ReadonlySet<string> = new Set(['in_review', 'changes_requested', 'approved']);
/** Statuses that end without an answer, and the public reason each gives. */
const NOT_ANSWERED_REASONS: Readonly<Record<string, NotAnswered['reason']>> = {
  rejected: 'declined',
  retracted: 'retracted',
};
const DRAFTING_STATUSES: ReadonlySet<string> = new Set(['submitted', 'drafting']);

/** What the use case must read before it can answer: the article's liveness and the latest revision. */
export interface AnswerNeeds {
  /** Whether the article is live decides everything else. */
  articleSlug?: string;
  /** Needed only when the article is not live (or there is none) and the status can show a draft. */
  revision?: number;
}

export const answerNeeds = (question: Question): AnswerNeeds => ({
  ...(question.articleSlug ? { articleSlug: question.articleSlug } : {}),
  ...(DRAFT_STATUSES.has(question.status) && question.currentRevision > 0 && !question.articleSlug
    ? { revision: question.currentRevision }
    : {}),
});

export interface AnswerInput {
  question: Question;
  /** `?audience=`, else the audience the question was asked for. */
  audience?: Audience;
  /** Whether `question.articleSlug` names a live article; ignored when the question has none. */
  articleLive?: boolean;
  /** The latest revision, when `answerNeeds` asked for it. */
  revision?: { revision: number; createdAt: string; draft: Draft };
  /** Ids of the reference library's sources, for the publish-gate predicate. */
  librarySourceIds: ReadonlySet<string>;
  notice: string;
}

const noAnswerYet = (audience: Audience, reason: NoAnswerYet['reason']): NoAnswerYet => ({
  status: 'no_answer_yet',
  audience,
  reason,
  message: ANSWER_MESSAGES[reason],
});

/** Sections rebuilt field by field, so nothing but headings, claim text and citation numbers is copied. */
const publicSections = (sections: readonly Section[]): Section[] =>
  sections.map((section) => ({
    heading: section.heading,
    claims: section.claims.map((claim) => ({ text: claim.text, citations: [...claim.citations] })),
  }));

export function askerAnswer(input: AnswerInput): AskerAnswer {
  const { question } = input;
  const audience = input.audience ?? question.audience;
  const notAnswered = NOT_ANSWERED_REASONS[question.status];
  if (notAnswered)
    return { status: 'not_answered', audience, reason: notAnswered, message: ANSWER_MESSAGES[notAnswered] };
  if (question.articleSlug) {
    if (input.articleLive !== true) {
      // Published once, not live now: retracted (questions retracted before the `retracted` status kept `published`).
      return { status: 'not_answered', audience, reason: 'retracted', message: ANSWER_MESSAGES.retracted };
    }
    const query = audience === 'patient' ? '?audience=patient' : '';
    return {
      status: 'approved',
      audience,
      articleSlug: question.articleSlug,
      articleUrl: `/v1/articles/${question.articleSlug}${query}`,
      message: ANSWER_MESSAGES.approved,
    };
  }
  if (DRAFTING_STATUSES.has(question.status)) return noAnswerYet(audience, 'drafting');
  if (question.status === 'failed') {
    return {
      ...noAnswerYet(audience, 'failed'),
      ...(question.failureReason ? { failureReason: question.failureReason } : {}),
    };
  }
  const { revision } = input;
  if (
    !DRAFT_STATUSES.has(question.status) ||
    revision === undefined ||
    revision.revision !== question.currentRevision ||
    !isSupported(revision.draft, input.librarySourceIds)
  ) {
    return noAnswerYet(audience, 'awaiting_clinician');
  }
  const { draft } = revision;
  const text = audience === 'patient' ? draft.patient : draft;
  return {
    status: 'pending_review',
    audience,
    notice: input.notice,
    revision: revision.revision,
    generatedAt: revision.createdAt,
    title: draft.title,
    bottomLine: text.bottomLine,
    sections: publicSections(text.sections),
    citations: draft.citations.map(publicCitation),
    suggestedQuestions: [...draft.suggestedQuestions],
  };
}

/** Library source ids a draft cites: what the library must know for the draft to be supported. */
export const citedSourceIds = (draft: Pick<Draft, 'citations'>): string[] =>
  draft.citations.flatMap((citation) => (citation.sourceId === undefined ? [] : [citation.sourceId]));
