import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  liveRevisionOf,
  NO_CHANGE_SUMMARY,
  proposeChangeSummary,
} from '../../shared/domain/change-summary.ts';
import type { DraftContent } from '../../shared/domain/draft.ts';
import { CHANGE_SUMMARY_MAX, changeSummaryOf, type RevisionState } from '../../shared/domain/review.ts';

type Comparable = Pick<DraftContent, 'sections' | 'citations'>;

const live: Comparable = {
  sections: [
    {
      heading: 'Dosing',
      claims: [
        { text: 'Give 800 IU daily.', citations: [1] },
        { text: 'Check levels at 3 months.', citations: [2] },
      ],
    },
    { heading: 'Safety', claims: [{ text: 'Hypercalcaemia is rare.', citations: [2] }] },
  ],
  citations: [
    { n: 1, title: 'Vitamin D guideline 2019', sourceId: 'vitd-2019' },
    { n: 2, title: 'Bone health review', sourceId: 'bone-review' },
  ],
};

describe('proposeChangeSummary', () => {
  it('names sections and claims added, removed and changed, and citations by their source titles', () => {
    const next: Comparable = {
      sections: [
        {
          heading: 'dosing',
          claims: [
            { text: 'Give 800 IU daily.', citations: [1] },
            { text: 'Give 1000 IU in obesity.', citations: [1] },
            { text: 'Repeat levels yearly.', citations: [1] },
          ],
        },
        { heading: 'Monitoring', claims: [{ text: 'Check calcium.', citations: [1] }] },
      ],
      citations: [{ n: 1, title: 'Vitamin D guideline 2024', sourceId: 'vitd-2024' }],
    };
    expect(proposeChangeSummary(live, next)).toBe(
      'Now cites: "Vitamin D guideline 2024". ' +
        'No longer cites: "Vitamin D guideline 2019", "Bone health review". ' +
        'New sections: "Monitoring". Removed sections: "Safety". ' +
        'Revised sections: "dosing" (2 claims added, 1 claim removed).',
    );
  });

  it('sees no change in renumbered citations, reordered sections or changed spacing and case', () => {
    const next: Comparable = {
      sections: [
        { heading: 'SAFETY', claims: [{ text: 'hypercalcaemia   is rare.', citations: [1] }] },
        {
          heading: 'Dosing',
          claims: [
            { text: 'Check levels at 3 months.', citations: [1] },
            { text: 'Give 800 IU daily.', citations: [2] },
          ],
        },
      ],
      citations: [
        { n: 1, title: 'Bone health review', sourceId: 'bone-review' },
        { n: 2, title: 'Vitamin D guideline 2019', sourceId: 'vitd-2019' },
      ],
    };
    expect(proposeChangeSummary(live, next)).toBe(NO_CHANGE_SUMMARY);
  });

  it('matches citations outside the library by URL, then by title', () => {
    const withExternal = (title: string, url?: string): Comparable => ({
      sections: live.sections,
      citations: [...live.citations, { n: 3, title, ...(url ? { url } : {}) }],
    });
    expect(
      proposeChangeSummary(
        withExternal('A', 'https://x.org/a'),
        withExternal('A renamed', 'https://x.org/a'),
      ),
    ).toBe(NO_CHANGE_SUMMARY);
    expect(proposeChangeSummary(withExternal('Old title'), withExternal('New title'))).toBe(
      'Now cites: "New title". No longer cites: "Old title".',
    );
  });

  it('keeps control and bidi characters from loaded titles out of the text', () => {
    const next: Comparable = {
      sections: live.sections,
      citations: [...live.citations, { n: 3, title: 'Evil\u202E title\u0007 here', sourceId: 'evil' }],
    };
    expect(proposeChangeSummary(live, next)).toBe('Now cites: "Evil title here".');
  });

  it('keeps the sources when the sections do not fit', () => {
    const heading = (i: number) => `A long section heading about blood pressure measurement number ${i}`;
    const next: Comparable = {
      sections: Array.from({ length: 10 }, (_, i) => ({
        heading: heading(i),
        claims: [{ text: 'Claim.', citations: [1] }],
      })),
      citations: [{ n: 1, title: 'Successor guideline', sourceId: 'successor' }],
    };
    const summary = proposeChangeSummary(live, next);
    expect(summary).toMatch(
      /^Now cites: "Successor guideline"\. No longer cites: "Vitamin D guideline 2019", "Bone health review"\. New sections: .*…$/,
    );
    expect(summary.length).toBeLessThanOrEqual(CHANGE_SUMMARY_MAX);
  });

  it('is clean text of at most the summary limit, cut at a word, whatever the drafts', () => {
    const title = fc.string({ minLength: 1, maxLength: 300 });
    const comparable = fc.record({
      sections: fc.array(
        fc.record({
          heading: title,
          claims: fc.array(fc.record({ text: title, citations: fc.constant<number[]>([1]) }), {
            minLength: 1,
            maxLength: 5,
          }),
        }),
        { maxLength: 10 },
      ),
      citations: fc.array(
        fc.record({ n: fc.constant(1), title, sourceId: fc.string({ minLength: 1, maxLength: 20 }) }),
        { maxLength: 50 },
      ),
    });
    fc.assert(
      fc.property(comparable, comparable, (a, b) => {
        const summary = proposeChangeSummary(a, b);
        expect(summary.length).toBeGreaterThan(0);
        expect(summary.length).toBeLessThanOrEqual(CHANGE_SUMMARY_MAX);
        expect(summary).toBe(summary.trim());
        expect(summary).not.toMatch(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u);
      }),
    );
  });
});

describe('liveRevisionOf', () => {
  const rev = (revision: number, decisions: RevisionState['decisions']) => ({
    revision,
    author: 'system',
    decisions,
  });
  const approve = { reviewer: 'rita', decision: 'approve' as const, at: '2024-01-01T00:00:00.000Z' };
  const reject = {
    reviewer: 'sam',
    decision: 'reject' as const,
    reason: 'no',
    at: '2024-01-02T00:00:00.000Z',
  };

  it('is the newest approved revision before the one being drafted, skipping rejected ones', () => {
    const revisions = [rev(1, [approve]), rev(2, [approve]), rev(3, [approve, reject]), rev(4, [])];
    expect(liveRevisionOf(revisions, 5)?.revision).toBe(2);
    expect(liveRevisionOf(revisions, 2)?.revision).toBe(1);
    expect(liveRevisionOf([rev(1, [])], 2)).toBeUndefined();
  });

  it('does not count the author approving their own revision', () => {
    expect(liveRevisionOf([rev(1, [{ ...approve, reviewer: 'system' }])], 2)).toBeUndefined();
  });
});

describe('changeSummaryOf with a proposal', () => {
  const approval = { reviewer: 'rita', decision: 'approve' as const, at: '2024-01-01T00:00:00.000Z' };
  const base: RevisionState = {
    revision: 2,
    author: 'system',
    decisions: [approval],
    proposedChangeSummary: 'Now cites: "X".',
  };

  it('uses the proposal when neither the approval nor an editor gave a summary', () => {
    expect(changeSummaryOf(base)).toBe('Now cites: "X".');
  });

  it("prefers the editor's summary, and the approval's over both", () => {
    expect(changeSummaryOf({ ...base, changeSummary: 'Editor says' })).toBe('Editor says');
    expect(
      changeSummaryOf({
        ...base,
        changeSummary: 'Editor says',
        decisions: [{ ...approval, changeSummary: 'Reviewer says' }],
      }),
    ).toBe('Reviewer says');
  });
});
