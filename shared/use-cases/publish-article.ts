import type { ArticlePublished } from '../../events/contracts.ts';
import { newEvent } from '../../events/factory.ts';
import {
  approvalsOf,
  buildStoredArticle,
  librarySourceIdsOf,
  type PublicationSettings,
  type VersionRecord,
} from '../domain/article.ts';
import { applyTransition } from '../domain/lifecycle.ts';
import { supportProblems } from '../domain/publish-gate.ts';
import { type Question, SYSTEM_ACTOR } from '../domain/question.ts';
import { changeSummaryOf, revisionOutcome } from '../domain/review.ts';
import { articleTermWeights, topicTerms } from '../domain/search-terms.ts';
import { slugCandidate, slugify } from '../domain/slug.ts';
import type { ArticlePublications } from '../ports/article-publications.ts';
import type { CitationIndex } from '../ports/citation-index.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { QuestionStore, RevisionWithDecisions } from '../ports/question-store.ts';
import { citedLibraryStatus, type SourceResolver } from './cited-sources.ts';
import { linksAtPublication, unlinksAfter } from './publication-links.ts';
import { afterPublication, type ReviewerNamesDeps, resolveApprovalNames } from './reviewer-names.ts';
import { sourceWithdrawnEvent } from './withdraw-source.ts';

export interface PublishArticleDeps {
  questions: QuestionStore;
  publications: ArticlePublications;
  /** The reference library's catalogue, for the publish gate checked again here. */
  catalog: SourceResolver;
  /** Which live articles cite each library source: written before the version, read by withdrawals. */
  citations: CitationIndex;
  /** `source.withdrawn` announced again (see announceWithdrawnSince): the outbox table, never a direct put. */
  events: EventPublisher;
  now: () => Date;
  requiredApprovals: number;
  settings: PublicationSettings;
  /** Reviewer profiles: approvals are stored with the approvers' public names. */
  reviewerNames: ReviewerNamesDeps;
}

export interface PublishArticleInput {
  questionId: string;
  /** The approved revision named by the `review.decided` event. */
  revision: number;
}

export type PublishOutcome =
  | { kind: 'published'; slug: string; version: number }
  | { kind: 'skipped'; reason: string };

/** Slug candidates tried before giving up (`base`, `base-2` … `base-100`). */
const MAX_SLUG_ATTEMPTS = 100;
/** Tries of a conflicting write (or question update) before the message goes back to the queue. */
const WRITE_ATTEMPTS = 3;

const skipped = (reason: string): PublishOutcome => ({ kind: 'skipped', reason });

/**
 * Publishes an approved revision: the article read model (live item with
 * its links, version-history item, postings, corpus counts) and its
 * `article.published` event (the outbox) in one transaction, then the
 * question `approved → published` with its `articleSlug`.
 *
 * Safe to run again at any step, so SQS redeliveries and the reconciler
 * (which re-sends approvals for questions stuck in `approved`) finish a
 * half-done publication without a second version:
 * - the version for this revision is found in the history and not written again;
 * - the question moves only from `approved` at this revision;
 * - the event is written with the version or not at all; its id is
 *   `article.published:<questionId>:<version>`.
 * The event's consumer (propagate-article) makes the articles this one links
 * to link back.
 * Never publishes a revision that is not the question's current, approved
 * one with the required approvals. Throws on transient failures (retry).
 */
export const publishArticle = async (
  deps: PublishArticleDeps,
  input: PublishArticleInput,
): Promise<PublishOutcome> => {
  const { questionId, revision } = input;
  const question = await deps.questions.get(questionId);
  if (!question) return skipped('unknown question');

  if (question.status === 'published' && question.currentRevision === revision && question.articleSlug) {
    // A duplicate: the version and its article.published were written together by the first delivery.
    // A source withdrawn since may not have reached this version (see announceWithdrawnSince).
    const stored = await deps.questions.getRevision(questionId, revision);
    if (stored) await announceWithdrawnSince(deps, stored.draft);
    return skipped('already published');
  }
  if (question.currentRevision !== revision) {
    return skipped(`revision ${revision} is not the current revision ${question.currentRevision}`);
  }
  if (question.status === 'retracted') return skipped('the question is retracted');
  if (question.status !== 'approved') return skipped(`question is ${question.status}`);
  const stored = await deps.questions.getRevision(questionId, revision);
  if (!stored) return skipped(`revision ${revision} does not exist`);
  if (revisionOutcome(stored, deps.requiredApprovals) !== 'approved') {
    return skipped(`revision ${revision} does not have the required approvals`);
  }
  // The citation index first, then the gate's read of the catalogue, then the version: a withdrawal
  // written before that read is refused here, and one written after it finds this article in the index
  // (and, once published, the version; the check after publication covers the moment between).
  const slug = question.articleSlug ?? (await claimSlug(deps.publications, stored.draft.title, questionId));
  await deps.citations.record({ slug, questionId }, librarySourceIdsOf(stored.draft));
  // The publish gate again, for approvals already in flight: refused and recorded, never published.
  const library = await citedLibraryStatus(deps.catalog, stored.draft);
  const unsupported = supportProblems(stored.draft, library.ids, library.withdrawn);
  if (unsupported.length > 0) {
    const reason = `revision ${revision} is not supported: ${unsupported.map((p) => `${p.path}: ${p.message}`).join('; ')}`;
    await deps.questions.commit({
      before: question,
      after: question,
      audit: [
        {
          at: deps.now().toISOString(),
          actor: SYSTEM_ACTOR,
          action: 'publication.refused',
          revision,
          reason,
        },
      ],
    });
    return skipped(reason);
  }

  let written = await findVersion(deps.publications, slug, questionId, revision);
  for (let attempt = 1; !written; attempt++) {
    const result = await writeVersion(deps, question, stored, slug);
    if (result.kind === 'skipped') return result;
    // On a conflict, a concurrent delivery may have written this very revision: then it is done.
    written = result.version ?? (await findVersion(deps.publications, slug, questionId, revision));
    if (!written && attempt >= WRITE_ATTEMPTS) {
      throw new Error(`Concurrent publications of ${slug} kept conflicting; retrying later`);
    }
  }

  await afterPublication(deps.reviewerNames, {
    slug,
    version: written.version,
    approvals: approvalsOf(stored),
  });
  await markPublished(deps, question, slug, written);
  await announceWithdrawnSince(deps, stored.draft);
  return { kind: 'published', slug, version: written.version };
};

const findVersion = async (
  publications: ArticlePublications,
  slug: string,
  questionId: string,
  revision: number,
): Promise<VersionRecord | undefined> =>
  (await publications.listVersions(slug)).find(
    (entry) => entry.questionId === questionId && entry.revision === revision,
  );

/** The first free slug for the title, or the one the question already claimed in an earlier attempt. */
const claimSlug = async (
  publications: ArticlePublications,
  title: string,
  questionId: string,
): Promise<string> => {
  const base = slugify(title);
  for (let attempt = 1; attempt <= MAX_SLUG_ATTEMPTS; attempt++) {
    const candidate = slugCandidate(base, attempt);
    if (await publications.claimSlug(candidate, questionId)) return candidate;
  }
  throw new Error(`No free slug for "${base}" after ${MAX_SLUG_ATTEMPTS} attempts`);
};

const writeVersion = async (
  deps: PublishArticleDeps,
  question: Question,
  stored: RevisionWithDecisions,
  slug: string,
): Promise<{ kind: 'written'; version?: VersionRecord } | { kind: 'skipped'; reason: string }> => {
  const [live, versions] = await Promise.all([
    deps.publications.getLive(slug),
    deps.publications.listVersions(slug),
  ]);
  if (live && live.revision > stored.revision) {
    return { kind: 'skipped', reason: `revision ${live.revision} is already live` };
  }
  const at = deps.now().toISOString();
  const version = Math.max(0, ...versions.map((entry) => entry.version)) + 1;
  const content = {
    title: stored.draft.title,
    question: question.question,
    bottomLine: stored.draft.bottomLine,
    sections: stored.draft.sections,
  };
  const terms = articleTermWeights(content);
  const parentSlug =
    question.followUpOf !== undefined && question.followUpOf !== slug ? question.followUpOf : undefined;
  const [{ similarity, links }, approvals, listedWhenRetracted] = await Promise.all([
    linksAtPublication(deps.publications, {
      slug,
      content,
      ...(live ? { live } : {}),
      ...(parentSlug ? { parentSlug } : {}),
    }),
    resolveApprovalNames(deps.reviewerNames.reviewers, approvalsOf(stored)),
    !live && versions.length > 0 ? deps.publications.retractedLinks(slug) : Promise.resolve([]),
  ]);

  const article = buildStoredArticle({
    slug,
    question,
    revision: stored,
    version,
    firstPublishedAt: versions[0]?.publishedAt ?? at,
    at,
    settings: deps.settings,
    links,
    approvals,
  });
  const changeSummary = changeSummaryOf(stored);
  const record: VersionRecord = {
    version,
    publishedAt: at,
    approvedBy: approvals.approvedBy,
    revision: stored.revision,
    questionId: question.id,
    ...(article.review.lastReviewedAt && article.review.nextReviewDue
      ? { lastReviewedAt: article.review.lastReviewedAt, nextReviewDue: article.review.nextReviewDue }
      : {}),
    ...(changeSummary !== undefined ? { changeSummary } : {}),
  };
  const result = await deps.publications.publish({
    article: {
      ...article,
      terms,
      similarity,
      topicTerms: topicTerms(content),
      linksRev: (live?.linksRev ?? 0) + 1,
      unlinks: unlinksAfter(live, links, listedWhenRetracted),
    },
    version: record,
    ...(live ? { previous: live } : {}),
    events: [published(question.id, slug, record)],
  });
  return result === 'written' ? { kind: 'written', version: record } : { kind: 'written' };
};

/** `approved → published` with the slug; a concurrent delivery having done it already is success. */
const markPublished = async (
  deps: PublishArticleDeps,
  question: Question,
  slug: string,
  version: VersionRecord,
): Promise<void> => {
  let current: Question | undefined = question;
  for (let attempt = 0; attempt < WRITE_ATTEMPTS && current; attempt++) {
    if (current.status !== 'approved' || current.currentRevision !== version.revision) {
      // Someone else finished it (or the question has moved on since).
      if (current.currentRevision >= version.revision && current.status !== 'approved') return;
      break;
    }
    const { question: published, audit } = applyTransition(current, 'published', {
      at: deps.now().toISOString(),
      actor: SYSTEM_ACTOR,
      action: 'article.published',
      revision: version.revision,
      reason: `Version ${version.version} of /v1/articles/${slug}`,
    });
    const after = { ...published, articleSlug: slug };
    if (await deps.questions.commit({ before: current, after, audit: [audit] })) return;
    current = await deps.questions.get(question.id);
  }
  throw new Error(`Question ${question.id} could not be marked published; retrying`);
};

/**
 * A cited source withdrawn between the gate's read and the version's write: its withdrawal's fan-out
 * may have read the live item before this version replaced it, so its event is announced again (same
 * id; the fan-out is idempotent), which puts the notice on this version and opens its re-review.
 */
const announceWithdrawnSince = async (deps: PublishArticleDeps, draft: RevisionWithDecisions['draft']) => {
  const { withdrawn } = await citedLibraryStatus(deps.catalog, draft);
  for (const [sourceId, withdrawal] of withdrawn) {
    await deps.events.publish(sourceWithdrawnEvent(sourceId, withdrawal));
  }
};

/** The event of a version, written with it; its id is stable, so every attempt writes the same item. */
const published = (questionId: string, slug: string, version: VersionRecord): ArticlePublished =>
  newEvent<ArticlePublished>(
    'article.published',
    slug,
    { questionId, slug, version: version.version, revision: version.revision },
    { at: version.publishedAt, id: `article.published:${questionId}:${version.version}` },
  );
