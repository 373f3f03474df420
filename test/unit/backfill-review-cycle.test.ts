import { describe, expect, it } from 'vitest';
import type { BackfillArticle, ReviewCycleBackfillStore } from '../../shared/ports/review-cycle-backfill.ts';
import { backfillReviewCycle } from '../../shared/use-cases/backfill-review-cycle.ts';

const article = (n: number, old: boolean): BackfillArticle => ({
  slug: `slug-${n}`,
  questionId: `q-${n}`,
  version: 1,
  revision: 1,
  title: `Article ${n}`,
  publishedAt: '2025-01-01T00:00:00.000Z',
  lastUpdated: '2025-01-01T00:00:00.000Z',
  approvals: [{ at: '2024-12-31T00:00:00.000Z' }],
  hasReviewDates: !old,
  hasSourceIds: !old,
});

/** A fake articles port that records calls and, like the adapter, adds each thing once. */
const world = (articles: BackfillArticle[]) => {
  const calls: string[] = [];
  const pages: number[] = [];
  const due = new Map<string, string>();
  const ids = new Set<string>();
  const fed = new Set<string>();
  const store: ReviewCycleBackfillStore = {
    liveArticles: async ({ limit, cursor }) => {
      const from = cursor ? Number(cursor) : 0;
      const items = articles.slice(from, from + limit);
      pages.push(items.length);
      return { items, ...(from + limit < articles.length ? { cursor: String(from + limit) } : {}) };
    },
    addDueEntry: async (a, nextReviewDue) => {
      if (due.has(a.slug) || a.hasReviewDates) return false;
      due.set(a.slug, nextReviewDue);
      return true;
    },
    addSourceIds: async (a) => {
      calls.push(`sourceIds ${a.slug}`);
      if (ids.has(a.slug)) return false;
      ids.add(a.slug);
      return true;
    },
    addFeedEntry: async (a) => {
      if (fed.has(a.slug)) return false;
      fed.add(a.slug);
      return true;
    },
  };
  const deps = {
    articles: store,
    citations: { record: async (a: { slug: string }) => void calls.push(`index ${a.slug}`) },
    questions: {
      getRevision: async () => ({
        revision: 1,
        author: 'system',
        createdAt: '2025-01-01T00:00:00.000Z',
        decisions: [],
        draft: { citations: [{ n: 1, title: 'T', sourceId: 'src-1' }] } as never,
      }),
    },
    reviewCycle: { intervalDays: 365, graceDays: 30 },
  };
  return { deps, calls, pages, due };
};

describe('backfillReviewCycle', () => {
  it('pages through live articles, never more than 25 a page, and backfills only the old ones', async () => {
    const articles = Array.from({ length: 60 }, (_, n) => article(n, n % 2 === 0));
    const { deps, pages, due } = world(articles);
    const report = await backfillReviewCycle({ ...deps, pageSize: 100 });
    expect(pages).toEqual([25, 25, 10]);
    expect(report).toEqual({ articles: 60, dueEntries: 30, citationIndexes: 30, feedEntries: 60 });
    // Due a year after the latest approval: the date readers are shown.
    expect(due.get('slug-0')).toBe('2025-12-31T00:00:00.000Z');
  });

  it('writes the citation index before sourceIds, and adds nothing on a second run', async () => {
    const { deps, calls } = world([article(1, true)]);
    await backfillReviewCycle(deps);
    expect(calls).toEqual(['index slug-1', 'sourceIds slug-1']);
    expect(await backfillReviewCycle(deps)).toEqual({
      articles: 1,
      dueEntries: 0,
      citationIndexes: 0,
      feedEntries: 0,
    });
  });
});
