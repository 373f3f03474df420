import type { ArticleRetracted } from '../../events/contracts.ts';
import { newEvent } from '../../events/factory.ts';
import type { VersionRecord } from '../domain/article.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { nonBlank } from '../domain/lifecycle.ts';
import { isSlug } from '../domain/slug.ts';
import type { ArticleWriter } from '../ports/article-writer.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { QuestionStore } from '../ports/question-store.ts';

export interface RetractArticleDeps {
  articles: ArticleWriter;
  questions: QuestionStore;
  /** `article.retracted` drops the article from the links of others and from the CDN. */
  events: EventPublisher;
  /** Told when the audit entry on the question could not be written (the retraction itself stands). */
  onDeferredFailure: (what: string, error: unknown) => void;
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
const AUDIT_ATTEMPTS = 3;

/**
 * Retracts a live article (DELETE /v1/admin/articles/{slug}): in one
 * transaction the live item, its list entry, search postings and the edges
 * its publication wrote are deleted, and its latest version-history entry is
 * marked `{ retractedAt, retractionReason, retractedBy }`. Every public route
 * then answers 404 for it, except `/versions`, which keeps the history.
 * The question keeps `published` and its `articleSlug` and gets an
 * `article.retracted` audit entry; an editor's new revision, once approved,
 * republishes it as the next version under the same slug.
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
  const retracted = await deps.articles.retract({
    slug: input.slug,
    reason,
    actor: input.actor,
    at: input.at,
  });
  if (!retracted) throw notFound();
  await deps.events
    .publish(
      newEvent<ArticleRetracted>(
        'article.retracted',
        input.slug,
        { questionId: retracted.questionId, slug: input.slug, version: retracted.version },
        { at: input.at, id: `article.retracted:${retracted.questionId}:${retracted.version}` },
      ),
    )
    .catch((error) => deps.onDeferredFailure('article.retracted event', error));
  await recordOnQuestion(deps, retracted, { ...input, reason }).catch((error) =>
    deps.onDeferredFailure('retraction audit entry', error),
  );
  return {
    slug: input.slug,
    questionId: retracted.questionId,
    version: retracted.version,
    retractedAt: input.at,
    reason,
  };
};

/** Appends the audit entry, retrying when a concurrent change to the question wins. */
const recordOnQuestion = async (
  deps: RetractArticleDeps,
  version: VersionRecord,
  input: RetractArticleInput,
) => {
  for (let attempt = 0; attempt < AUDIT_ATTEMPTS; attempt++) {
    const question = await deps.questions.get(version.questionId);
    if (!question) return;
    const written = await deps.questions.commit({
      before: question,
      after: question,
      audit: [
        {
          at: input.at,
          actor: input.actor,
          action: 'article.retracted',
          revision: version.revision,
          reason: input.reason,
        },
      ],
    });
    if (written) return;
  }
  throw new Error(`Question ${version.questionId} kept changing`);
};
