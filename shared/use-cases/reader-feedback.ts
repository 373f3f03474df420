/**
 * Reader feedback: a reader reports a problem with a live article; reviewers
 * list it oldest first and resolve it. Stored with an audit entry on the
 * article's question, never published; `feedback.received` goes on the bus
 * (webhook subscribers wire it to their triage channel).
 */
import { randomUUID } from 'node:crypto';
import type { FeedbackReceived } from '../../events/contracts.ts';
import { newEvent } from '../../events/factory.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { Feedback, FeedbackKind, FeedbackResolution, FeedbackStatus } from '../domain/feedback.ts';
import type { LiveArticleVersions } from '../ports/article-directory.ts';
import type { FeedbackStore } from '../ports/feedback-store.ts';
import { type OpenReReviewDeps, openReReview } from './open-re-review.ts';

export interface SubmitFeedbackDeps {
  feedback: FeedbackStore;
  articles: LiveArticleVersions;
  now: () => Date;
}

export interface FeedbackInput {
  slug: string;
  kind: FeedbackKind;
  message: string;
  contact?: string;
}

/** What the reader is told: that it arrived, nothing of what others said. */
export interface FeedbackReceipt {
  id: string;
  status: 'received';
  receivedAt: string;
}

export async function submitFeedback(
  deps: SubmitFeedbackDeps,
  input: FeedbackInput,
): Promise<FeedbackReceipt> {
  const live = await deps.articles.liveVersion(input.slug);
  if (!live) throw new NotFoundError(`No article with slug ${input.slug}`);
  const receivedAt = deps.now().toISOString();
  const feedback: Feedback = {
    id: randomUUID(),
    slug: input.slug,
    questionId: live.questionId,
    version: live.version,
    kind: input.kind,
    message: input.message,
    ...(input.contact ? { contact: input.contact } : {}),
    status: 'open',
    receivedAt,
  };
  const event = newEvent<FeedbackReceived>(
    'feedback.received',
    input.slug,
    {
      feedbackId: feedback.id,
      slug: input.slug,
      questionId: live.questionId,
      version: live.version,
      kind: input.kind,
      message: input.message,
    },
    { at: receivedAt, id: `feedback.received:${feedback.id}` },
  );
  await deps.feedback.submit(
    feedback,
    {
      at: receivedAt,
      actor: 'reader',
      action: 'feedback_received',
      reason: `${input.kind} (feedback ${feedback.id} on version ${live.version})`,
    },
    event,
  );
  return { id: feedback.id, status: 'received', receivedAt };
}

/** Every article's feedback in a status, oldest first; or one question's article's, newest first (one page). */
export async function listFeedback(
  deps: { feedback: FeedbackStore },
  query: { status: FeedbackStatus; limit: number; cursor?: string; questionId?: string },
): Promise<{ items: Feedback[]; nextCursor: string | null }> {
  if (query.questionId) {
    const items = await deps.feedback.listForQuestion(query.questionId, query.limit);
    return { items: items.filter((item) => item.status === query.status), nextCursor: null };
  }
  const page = await deps.feedback.list(query.status, query);
  return { items: page.items, nextCursor: page.cursor ?? null };
}

export interface ResolveFeedbackDeps extends OpenReReviewDeps {
  feedback: FeedbackStore;
  now: () => Date;
}

export async function resolveFeedback(
  deps: ResolveFeedbackDeps,
  input: { id: string; resolution: FeedbackResolution; note: string; reviewer: string },
): Promise<Feedback> {
  const open = await deps.feedback.get(input.id);
  if (!open) throw new NotFoundError(`No feedback with id ${input.id}`);
  if (open.status !== 'open') throw new ConflictError(`Feedback ${input.id} is already resolved`);
  const resolvedAt = deps.now().toISOString();
  if (input.resolution === 're_review') await reReviewOn(deps, open, input, resolvedAt);
  const resolved: Feedback = {
    ...open,
    status: 'resolved',
    resolution: input.resolution,
    note: input.note,
    resolvedBy: input.reviewer,
    resolvedAt,
  };
  const won = await deps.feedback.resolve(resolved, {
    at: resolvedAt,
    actor: input.reviewer,
    action: 'feedback_resolved',
    reason: `${input.resolution}: ${input.note} (feedback ${open.id})`,
  });
  if (!won) throw new ConflictError(`Feedback ${input.id} is already resolved`);
  return resolved;
}

/**
 * A re-review of the article the feedback is about: a new revision drafted from the current library goes
 * to the review queue marked `reader_feedback`, while the live version keeps serving. Only from a live,
 * settled article: one with a revision already under way, or no longer live, is a 409 (the feedback stays open).
 */
async function reReviewOn(
  deps: ResolveFeedbackDeps,
  feedback: Feedback,
  input: { note: string; reviewer: string },
  at: string,
): Promise<void> {
  const question = await deps.store.get(feedback.questionId);
  if (question?.status !== 'published' || question.articleSlug !== feedback.slug)
    throw new ConflictError(
      `The article is not live and settled now (its question is ${question?.status ?? 'gone'}): resolve the feedback once its review is done`,
    );
  const opened = await openReReview(deps, question, {
    reason: 'reader_feedback',
    actor: input.reviewer,
    action: 'review.reader_feedback',
    why: `Reader feedback ${feedback.id} (${feedback.kind}) on version ${feedback.version}: ${input.note}`,
    at,
  });
  if (!opened) throw new ConflictError('The question changed meanwhile: load the feedback again and retry');
}
