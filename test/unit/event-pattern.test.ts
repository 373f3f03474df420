import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../infra/local/event-pattern.ts';
import { bus } from '../../infra/resources.ts';

const busEvent = (type: string, outcome: string) => ({
  source: 'vetted',
  'detail-type': type,
  detail: { type, data: { outcome } },
});

describe('local event rule matching', () => {
  const rule = bus.rules.approvalsToPublication.pattern;

  it('routes settled approvals to publication', () => {
    expect(matchesPattern(rule, busEvent('review.decided', 'approved'))).toBe(true);
  });

  it.each([
    ['a pending approval', busEvent('review.decided', 'pending')],
    ['a rejection', busEvent('review.decided', 'rejected')],
    ['another event type', busEvent('article.published', 'approved')],
    ['another source', { ...busEvent('review.decided', 'approved'), source: 'elsewhere' }],
    ['an event without detail', { source: 'vetted', 'detail-type': 'review.decided' }],
  ])('ignores %s', (_, event) => {
    expect(matchesPattern(rule, event)).toBe(false);
  });

  it('matches when an array field holds one of the values', () => {
    expect(matchesPattern({ tags: ['a'] }, { tags: ['b', 'a'] })).toBe(true);
  });

  it('refuses pattern operators it does not implement rather than guess', () => {
    expect(() => matchesPattern({ n: [{ numeric: ['>', 1] }] }, { n: 2 })).toThrow(/Unsupported/);
  });
});
