import type { ArticleRetracted } from '../../events/contracts.ts';
import { newEvent } from '../../events/factory.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { applyTransition, nonBlank } from '../domain/lifecycle.ts';
import { isSupported } from '../domain/publish-gate.ts';
import type { Question } from '../domain/question.ts';
import { revisionOutcome } from '../domain/review.ts';
import { isSlug } from '../domain/slug.ts';
import type { ArticleRetractions } from '../ports/article-retractions.ts';
import type { QuestionStore } from '../ports/question-store.ts';
import { citedLibrarySourceIds, type SourceResolver } from './cited-sources.ts';

export interface RetractArticleDeps {
  retractions: ArticleRetractions;
  questions: QuestionStore;
  /** With `requiredApprovals`: whether an approved revision could still be published. */
  catalog: SourceResolver;
  requiredApprovals: number;
}

export interface RetractArticleInput {
  slug: string;
  /** Why; required, stored verbatim (trimmed) in the version history and the question's audit trail. */
  reason: string;
  /** The admin's user id. */
  actor: string;
  /** ISO time of the retraction. */
  at: string;
}

export interface RetractArticleResult {
  slug: string;
  questionId: string;
  version: number;
  retractedAt: string;
  reason: string;
}

export const MAX_RETRACTION_REASON = 2000;
const QUESTION_ATTEMPTS = 3;

/**
 * Retracts a live article (DELETE /v1/admin/articles/{slug}) so that it stays
 * retracted:
 * 1. the question moves to `retracted` (audit entry `article.retracted`), a
 *    conditional write: from then on no approval, publication or reconciler
 *    re-drive can publish it; only an editor's new revision brings it back
 *    to review;
 * 2. then, in one transaction, the live item, its list entry, postings and
 *    edges are deleted, its version-history entry is marked retracted, and
 *    `article.retracted` is written to the outbox (which drops the article
 *    from the links of others and from the CDN): no retraction without its event.
 *
 * The race with a publication: a question in `approved` whose revision could
 * still be published is being published right now, so the retraction is a
 * 409 (try again in a moment, once it is live) rather than a 200 after which
 * the new version would appear. A concurrent change that keeps winning is a
 * 409 too. Step 2 finds the question already retracted when an earlier
 * attempt stopped between the steps, and finishes the job.
 *
 * Throws ValidationError (400) for a blank or overlong reason and
 * NotFoundError (404) when no live article has the slug (unknown or
 * already retracted).
 */
export const retractArticle = async (
  deps: RetractArticleDeps,
  input: RetractArticleInput,
): Promise<RetractArticleResult> => {
  const reason = nonBlank(input.reason);
  if (reason === undefined || reason.length > MAX_RETRACTION_REASON) {
    throw new ValidationError('A retraction needs a reason', [
      { path: 'reason', message: `Required, not blank, at most ${MAX_RETRACTION_REASON} characters` },
    ]);
  }
  const notFound = () => new NotFoundError(`No published article ${input.slug}`);
  if (!isSlug(input.slug)) throw notFound();
  const live = await deps.retractions.getLive(input.slug);
  if (!live) throw notFound();

  await retractQuestion(deps, live.id, live.revision, { ...input, reason });
  const retracted = await deps.retractions.retract({
    slug: input.slug,
    reason,
    actor: input.actor,
    at: input.at,
    events: (article) => [
      newEvent<ArticleRetracted>(
        'article.retracted',
        input.slug,
        {
          questionId: article.id,
          slug: input.slug,
          version: article.version,
          revision: article.revision,
          reason,
        },
        { at: input.at, id: `article.retracted:${article.id}:${article.version}` },
      ),
    ],
  });
  if (!retracted) throw notFound();
  return {
    slug: input.slug,
    questionId: retracted.questionId,
    version: retracted.version,
    retractedAt: input.at,
    reason,
  };
};

/** Moves the question to `retracted`, unless it already is; 409 when a publication is under way. */
const retractQuestion = async (
  deps: RetractArticleDeps,
  questionId: string,
  liveRevision: number,
  input: RetractArticleInput,
) => {
  for (let attempt = 0; attempt < QUESTION_ATTEMPTS; attempt++) {
    const question = await deps.questions.get(questionId);
    if (!question || question.status === 'retracted') return;
    if (question.status === 'approved' && (await publishable(deps, question))) {
      throw new ConflictError(
        `Revision ${question.currentRevision} is being published right now; retract it once it is live`,
      );
    }
    const { question: retracted, audit } = applyTransition(question, 'retracted', {
      at: input.at,
      actor: input.actor,
      action: 'article.retracted',
      reason: input.reason,
    });
    const written = await deps.questions.commit({
      before: question,
      after: retracted,
      audit: [{ ...audit, revision: liveRevision }],
    });
    if (written) return;
  }
  throw new ConflictError('The question kept changing during the retraction; try again');
};

/** Whether the publisher would publish the question's approved revision (the same checks it makes). */
const publishable = async (deps: RetractArticleDeps, question: Question): Promise<boolean> => {
  const revision = await deps.questions.getRevision(question.id, question.currentRevision);
  if (!revision || revisionOutcome(revision, deps.requiredApprovals) !== 'approved') return false;
  return isSupported(revision.draft, await citedLibrarySourceIds(deps.catalog, revision.draft));
};
