import { describe, expect, it } from 'vitest';
import type { DraftRequested } from '../../events/contracts.ts';
import type { Question } from '../../shared/domain/question.ts';
import type { DueArticle } from '../../shared/domain/review-cycle.ts';
import type { QuestionChange, QuestionStore } from '../../shared/ports/question-store.ts';
import type { ReviewDueIndex } from '../../shared/ports/review-due-index.ts';
import { sweepDueReviews } from '../../shared/use-cases/sweep-reviews.ts';

/**
 * The sweep's bookkeeping against small in-memory stand-ins for its ports (the
 * wire behaviour is test/integration/review-cycle.test.ts): what it opens,
 * what it takes off the due list, and what a lost write leaves for next time.
 */
const NOW = new Date('2027-03-02T00:00:00.000Z');
const DUE = '2027-03-01T09:30:00.000Z';

const published = (id: string, overrides: Partial<Question> = {}): Question => ({
  id,
  question: `Question ${id} about blood pressure`,
  audience: 'patient',
  status: 'published',
  timeline: [{ status: 'published', at: '2026-03-01T09:30:00.000Z' }],
  currentRevision: 1,
  articleSlug: `slug-${id}`,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:30:00.000Z',
  ...overrides,
});
const dueArticle = (id: string): DueArticle => ({
  slug: `slug-${id}`,
  questionId: id,
  version: 1,
  nextReviewDue: DUE,
});

const world = (questions: Question[], options: { loseWritesOf?: string } = {}) => {
  const stored = new Map(questions.map((question) => [question.id, question]));
  const due = new Map(questions.map((question) => [question.id, dueArticle(question.id)]));
  const requests: DraftRequested[] = [];
  const store = {
    get: async (id: string) => stored.get(id),
    commit: async (change: QuestionChange) => {
      const current = stored.get(change.before.id);
      // Optimistic concurrency, as the DynamoDB adapter: only over exactly what was read.
      if (change.before.id === options.loseWritesOf || current?.updatedAt !== change.before.updatedAt)
        return false;
      stored.set(change.after.id, change.after);
      // The draft request is an event of the change, written with it (the outbox).
      requests.push(...((change.events ?? []) as DraftRequested[]));
      return true;
    },
  } as unknown as QuestionStore;
  const index: ReviewDueIndex = {
    listDue: async (_at, limit) => [...due.values()].slice(0, limit),
    takeOff: async (article) => {
      due.delete(article.questionId);
    },
  };
  const deps = {
    due: index,
    store,
    now: () => NOW,
  };
  return { deps, stored, due, requests };
};

describe('the review sweep', () => {
  it('opens a re-review: drafting, marked with the due date, the next revision requested', async () => {
    const { deps, stored, due, requests } = world([published('a')]);
    expect(await sweepDueReviews(deps)).toMatchObject({ open: 1 });
    expect(stored.get('a')).toMatchObject({
      status: 'drafting',
      reviewReason: 'scheduled_re_review',
      scheduledReviewFor: DUE,
      updatedAt: NOW.toISOString(),
    });
    expect(requests.map((request) => request.data)).toEqual([
      { questionId: 'a', revision: 2, cause: 'scheduled_re_review' },
    ]);
    expect(due.size).toBe(0);
  });

  it('leaves an article whose write was lost on the list, and the next run only takes it off', async () => {
    const { deps, stored, due, requests } = world([published('a')], { loseWritesOf: 'a' });
    expect(await sweepDueReviews(deps)).toMatchObject({ open: 0, lost: 1 });
    expect(due.size).toBe(1);
    expect(requests).toEqual([]);
    // The winner's write, as another run would have made it.
    stored.set('a', { ...published('a'), status: 'drafting', scheduledReviewFor: DUE });
    expect(await sweepDueReviews(deps)).toMatchObject({ opened: 1 });
    expect(due.size).toBe(0);
    expect(requests).toEqual([]);
  });

  it('keeps a busy article on the list, drops one whose question is gone, opens the settled one', async () => {
    const { deps, due } = world([
      published('busy', { status: 'in_review', currentRevision: 2 }),
      published('settled'),
    ]);
    due.set('missing', dueArticle('missing'));
    expect(await sweepDueReviews({ ...deps })).toMatchObject({ open: 1, busy: 1, gone: 1 });
    expect([...due.keys()]).toEqual(['busy']);
  });

  it('handles at most its batch per run', async () => {
    const { deps, due } = world(['a', 'b', 'c'].map((id) => published(id)));
    expect(await sweepDueReviews({ ...deps, batchLimit: 2 })).toMatchObject({ open: 2 });
    expect([...due.keys()]).toEqual(['c']);
  });
});
