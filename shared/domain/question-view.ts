/**
 * The question as the API shows it to its asker and to admins: its lifecycle, never its drafts.
 * The HTTP contract's QuestionStatus schema (shared/http/contracts/questions.ts) must accept it:
 * the handlers' typed `reply` checks that at compile time.
 */
import type { Audience, Question, QuestionStatus } from './question.ts';

export interface QuestionView {
  id: string;
  question: string;
  audience: Audience;
  status: QuestionStatus;
  followUpOf?: string;
  timeline: Question['timeline'];
  articleSlug?: string;
  failureReason?: string;
  /** Drafting waits for the daily generation budget to reset: the public reason and when. */
  waiting?: Question['waiting'];
  createdAt: string;
  updatedAt: string;
}

export const toQuestionView = (question: Question): QuestionView => ({
  id: question.id,
  question: question.question,
  audience: question.audience,
  status: question.status,
  ...(question.followUpOf ? { followUpOf: question.followUpOf } : {}),
  timeline: question.timeline,
  // A retracted question's article is gone: no link to a 404.
  ...(question.articleSlug && question.status !== 'retracted' ? { articleSlug: question.articleSlug } : {}),
  ...(question.failureReason ? { failureReason: question.failureReason } : {}),
  ...(question.waiting ? { waiting: question.waiting } : {}),
  createdAt: question.createdAt,
  updatedAt: question.updatedAt,
});
