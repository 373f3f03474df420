import { librarySourceIdsOf } from '../domain/article.ts';
import { approvedAtOf, type ReviewCycleSettings, reviewDatesOf } from '../domain/review-cycle.ts';
import type { CitationIndex } from '../ports/citation-index.ts';
import type { QuestionStore } from '../ports/question-store.ts';
import type { BackfillArticle, ReviewCycleBackfillStore } from '../ports/review-cycle-backfill.ts';

/** Live articles read per page: every page is one Query, and at most this many writes of each kind. */
export const BACKFILL_PAGE_SIZE = 25;

export interface BackfillDeps {
  articles: ReviewCycleBackfillStore;
  citations: Pick<CitationIndex, 'record'>;
  questions: Pick<QuestionStore, 'getRevision'>;
  reviewCycle: ReviewCycleSettings;
  pageSize?: number;
  onPage?: (report: BackfillReport) => void;
}

export interface BackfillReport {
  articles: number;
  dueEntries: number;
  citationIndexes: number;
  feedEntries: number;
}

/**
 * Gives live versions published before the review cycle what the sweep, a withdrawal and the updates
 * feed look for: the byReviewDue entry (due at the date readers are already shown: the latest
 * approval, else the last update, plus the interval), the citation index items and the live item's
 * `sourceIds` (from the revision it was published from), and the version's feed entry. Pages through
 * the live articles with a bounded page size. Idempotent: every write is conditional on the item
 * still lacking what it adds (and on the live version read), so a second run, or one racing a new
 * publication, adds nothing; the citation index items are written before `sourceIds`, so a run cut
 * short between the two writes them again next time.
 */
export const backfillReviewCycle = async (deps: BackfillDeps): Promise<BackfillReport> => {
  const limit = Math.min(deps.pageSize ?? BACKFILL_PAGE_SIZE, BACKFILL_PAGE_SIZE);
  const report: BackfillReport = { articles: 0, dueEntries: 0, citationIndexes: 0, feedEntries: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.articles.liveArticles({ limit, ...(cursor ? { cursor } : {}) });
    for (const article of page.items) {
      report.articles++;
      const [due, cited, fed] = await Promise.all([
        dueEntry(deps, article),
        citationIndex(deps, article),
        deps.articles.addFeedEntry(article),
      ]);
      if (due) report.dueEntries++;
      if (cited) report.citationIndexes++;
      if (fed) report.feedEntries++;
    }
    deps.onPage?.({ ...report });
    cursor = page.cursor;
  } while (cursor);
  return report;
};

const dueEntry = (deps: BackfillDeps, article: BackfillArticle): Promise<boolean> => {
  if (article.hasReviewDates) return Promise.resolve(false);
  const { nextReviewDue } = reviewDatesOf(
    approvedAtOf(article.approvals, article.lastUpdated),
    deps.reviewCycle.intervalDays,
  );
  return deps.articles.addDueEntry(article, nextReviewDue);
};

const citationIndex = async (deps: BackfillDeps, article: BackfillArticle): Promise<boolean> => {
  if (article.hasSourceIds) return false;
  const revision = await deps.questions.getRevision(article.questionId, article.revision);
  if (!revision) return false;
  const sourceIds = librarySourceIdsOf(revision.draft);
  await deps.citations.record({ slug: article.slug, questionId: article.questionId }, sourceIds);
  return deps.articles.addSourceIds(article, sourceIds);
};
