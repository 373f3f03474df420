import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.ts';
import { parseReviewCycle } from '../../shared/defaults.ts';
import type { Article } from '../../shared/domain/article.ts';
import { withReviewCycle } from '../../shared/domain/article-serving.ts';
import type { Question } from '../../shared/domain/question.ts';
import {
  approvedAtOf,
  type DueArticle,
  overdueSince,
  reviewDatesOf,
  reviewNotices,
  reviewReasonOf,
  sweepDecision,
} from '../../shared/domain/review-cycle.ts';

const APPROVED = '2026-03-01T09:30:00.000Z';

describe('review dates', () => {
  it('is due the configured number of days after the approval', () => {
    expect(reviewDatesOf(APPROVED, 365)).toEqual({
      lastReviewedAt: APPROVED,
      nextReviewDue: '2027-03-01T09:30:00.000Z',
    });
    // Whole days of UTC time, whatever the calendar does (2028 is a leap year).
    expect(reviewDatesOf('2028-02-28T00:00:00.000Z', 2).nextReviewDue).toBe('2028-03-01T00:00:00.000Z');
  });

  it('takes the latest approval as the review, and the fallback without one', () => {
    const approvals = [
      { at: '2026-03-01T09:00:00.000Z' },
      { at: APPROVED },
      { at: '2026-02-01T00:00:00.000Z' },
    ];
    expect(approvedAtOf(approvals, 'fallback')).toBe(APPROVED);
    expect(approvedAtOf([], '2026-01-01T00:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('the overdue notice', () => {
  const due = '2027-03-01T09:30:00.000Z';

  it('appears exactly when the grace period after the due date ends', () => {
    const since = overdueSince(due, 30);
    expect(since).toBe('2027-03-31T09:30:00.000Z');
    expect(reviewNotices(due, 30, new Date(Date.parse(since) - 1))).toEqual([]);
    expect(reviewNotices(due, 30, new Date(since))).toEqual([
      { kind: 'review_overdue', text: expect.stringContaining('overdue'), since },
    ]);
  });

  it('with no grace, from the due date itself', () => {
    expect(reviewNotices(due, 0, new Date(due))).toHaveLength(1);
  });
});

const question = (overrides: Partial<Question> = {}): Question => ({
  id: 'q1',
  question: 'How should I measure my blood pressure at home?',
  audience: 'patient',
  status: 'published',
  timeline: [],
  currentRevision: 1,
  articleSlug: 'home-blood-pressure',
  createdAt: APPROVED,
  updatedAt: APPROVED,
  ...overrides,
});
const due: DueArticle = {
  slug: 'home-blood-pressure',
  questionId: 'q1',
  version: 1,
  nextReviewDue: '2027-03-01T09:30:00.000Z',
};

describe('what the sweep does with a due article', () => {
  it('opens a re-review of a question settled on its live version', () => {
    expect(sweepDecision(question(), due)).toBe('open');
  });

  it('opens one re-review per due date: a second run only takes it off the list', () => {
    const opened = question({ status: 'in_review', scheduledReviewFor: due.nextReviewDue });
    expect(sweepDecision(opened, due)).toBe('opened');
    // Even when that re-review was rejected and the question is settled again.
    expect(sweepDecision({ ...opened, status: 'published' }, due)).toBe('opened');
    // A re-review opened for an earlier due date does not count for this one.
    expect(sweepDecision(question({ scheduledReviewFor: '2026-01-01T00:00:00.000Z' }), due)).toBe('open');
  });

  it('waits while another revision is in review or drafting', () => {
    for (const status of ['in_review', 'drafting', 'changes_requested', 'approved'] as const) {
      expect(sweepDecision(question({ status }), due)).toBe('busy');
    }
  });

  it('drops articles whose question is gone, retracted or owns another slug', () => {
    expect(sweepDecision(undefined, due)).toBe('gone');
    expect(sweepDecision(question({ status: 'retracted' }), due)).toBe('gone');
    expect(sweepDecision(question({ articleSlug: 'other' }), due)).toBe('gone');
  });

  it('names why a question is in the review queue', () => {
    expect(reviewReasonOf({})).toBe('new_question');
    expect(reviewReasonOf({ articleSlug: 's' })).toBe('revision');
    expect(reviewReasonOf({ articleSlug: 's', reviewReason: 'scheduled_re_review' })).toBe(
      'scheduled_re_review',
    );
  });
});

describe('the review block as served', () => {
  const article = (review: Partial<Article['review']>, notices: Article['notices'] = []): Article =>
    ({
      slug: 's',
      lastUpdated: '2026-03-02T00:00:00.000Z',
      review: {
        status: 'approved',
        approvals: [{ name: 'Medical reviewer', at: APPROVED }],
        ...review,
      },
      notices,
    }) as unknown as Article;
  const cycle = { intervalDays: 365, graceDays: 30 };

  it('serves the stored dates and, before the grace period ends, the stored body (and ETag)', () => {
    const stored = article({ lastReviewedAt: APPROVED, nextReviewDue: '2027-03-01T09:30:00.000Z' });
    const served = withReviewCycle(stored, cycle, new Date('2027-03-20T00:00:00.000Z'));
    expect(served.stale).toBe(false);
    expect(served.article.notices).toEqual([]);
  });

  it('adds the overdue notice past the grace period, so the ETag changes', () => {
    const stored = article({ lastReviewedAt: APPROVED, nextReviewDue: '2027-03-01T09:30:00.000Z' });
    const served = withReviewCycle(stored, cycle, new Date('2027-04-01T00:00:00.000Z'));
    expect(served.stale).toBe(true);
    expect(served.article.notices.map((notice) => notice.kind)).toEqual(['review_overdue']);
  });

  it('keeps a stored withdrawal notice first, and adds the overdue one after it', () => {
    const withdrawn = { kind: 'source_withdrawn' as const, text: 'withdrawn', since: APPROVED };
    const stored = article({ lastReviewedAt: APPROVED, nextReviewDue: '2027-03-01T09:30:00.000Z' }, [
      withdrawn,
    ]);
    const early = withReviewCycle(stored, cycle, new Date('2027-03-20T00:00:00.000Z'));
    expect(early).toMatchObject({ stale: false, article: { notices: [withdrawn] } });
    const late = withReviewCycle(stored, cycle, new Date('2027-04-01T00:00:00.000Z'));
    expect(late.article.notices.map((notice) => notice.kind)).toEqual(['source_withdrawn', 'review_overdue']);
  });

  it('derives the dates of an article published before they were stored from its approval', () => {
    const served = withReviewCycle(article({}), cycle, new Date('2026-06-01T00:00:00.000Z'));
    expect(served.stale).toBe(true);
    expect(served.article.review).toMatchObject({
      lastReviewedAt: APPROVED,
      nextReviewDue: '2027-03-01T09:30:00.000Z',
    });
    expect(served.article.notices).toEqual([]);
  });
});

describe('configuration of the review cycle', () => {
  it('defaults to a year and a month of grace', () => {
    expect(loadConfig({}).reviewCycle).toEqual({ intervalDays: 365, graceDays: 30 });
    expect(loadConfig({ REVIEW_INTERVAL_DAYS: '90', REVIEW_GRACE_DAYS: '0' }).reviewCycle).toEqual({
      intervalDays: 90,
      graceDays: 0,
    });
    expect(loadConfig({ REVIEW_INTERVAL_DAYS: '90' }).publication.reviewIntervalDays).toBe(90);
  });

  it('refuses what is not a whole number of days in range, naming the setting and the value', () => {
    expect(() => parseReviewCycle({ REVIEW_INTERVAL_DAYS: '0' })).toThrow(
      'REVIEW_INTERVAL_DAYS must be a whole number of days from 1 to 3650, not "0"',
    );
    for (const value of ['1.5', '-3', 'a year', '99999']) {
      expect(() => loadConfig({ REVIEW_GRACE_DAYS: value })).toThrow(
        /REVIEW_GRACE_DAYS must be a whole number/,
      );
    }
  });
});
