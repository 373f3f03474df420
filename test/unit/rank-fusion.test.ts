import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuseByReciprocalRank, RECIPROCAL_RANK_K } from '../../shared/domain/rank-fusion.ts';

interface Hit {
  id: string;
  from?: string;
}

const hits = (...ids: string[]): Hit[] => ids.map((id) => ({ id }));
const ids = (fused: Array<{ item: Hit }>) => fused.map(({ item }) => item.id);

/** Ranked lists over a small id alphabet, so lists overlap and repeat ids as real result lists may. */
const rankedLists = fc.array(
  fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 8 }),
  {
    maxLength: 5,
  },
);

describe('fuseByReciprocalRank', () => {
  it('scores each item Σ 1/(k + rank), ranks counted from 1', () => {
    const fused = fuseByReciprocalRank([hits('a', 'b', 'c'), hits('c', 'a')]);
    expect(ids(fused)).toEqual(['a', 'c', 'b']);
    expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[1]?.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused[2]?.score).toBeCloseTo(1 / 62, 12);
  });

  it('uses k = 60 by default and honours another k', () => {
    expect(RECIPROCAL_RANK_K).toBe(60);
    expect(fuseByReciprocalRank([hits('a')], 0)[0]?.score).toBe(1);
    expect(fuseByReciprocalRank([hits('a')])[0]?.score).toBe(1 / 61);
  });

  it('puts an item that is in both lists above one ranked higher in a single list', () => {
    const fused = fuseByReciprocalRank([hits('solo', 'both'), hits('other', 'both')]);
    expect(ids(fused)[0]).toBe('both');
  });

  it('breaks ties by first-seen order', () => {
    // b and x share rank 1; a and y share rank 2: the first list was seen first.
    expect(ids(fuseByReciprocalRank([hits('b', 'a'), hits('x', 'y')]))).toEqual(['b', 'x', 'a', 'y']);
    expect(ids(fuseByReciprocalRank([hits('x', 'y'), hits('b', 'a')]))).toEqual(['x', 'b', 'y', 'a']);
  });

  it('counts an id repeated within one list once, at its best rank, keeping the first item', () => {
    const first = { id: 'a', from: 'first' };
    const fused = fuseByReciprocalRank([[first, { id: 'b' }, { id: 'a', from: 'repeat' }]]);
    expect(ids(fused)).toEqual(['a', 'b']);
    expect(fused[0]?.score).toBe(1 / 61);
    expect(fused[0]?.item).toBe(first);
  });

  it('returns nothing for no lists or empty lists', () => {
    expect(fuseByReciprocalRank([])).toEqual([]);
    expect(fuseByReciprocalRank([[], []])).toEqual([]);
  });

  it('refuses a negative k', () => {
    expect(() => fuseByReciprocalRank([hits('a')], -1)).toThrow(RangeError);
  });

  it('property: an item ranked first in every list wins', () => {
    fc.assert(
      fc.property(rankedLists, fc.integer({ min: 1, max: 5 }), (others, copies) => {
        // The winner tops `copies` lists on its own and is also first in every other list.
        const lists = [
          ...Array.from({ length: copies }, () => hits('winner')),
          ...others.map((list) => hits('winner', ...list)),
        ];
        const fused = fuseByReciprocalRank(lists);
        expect(fused[0]?.item.id).toBe('winner');
        for (const rest of fused.slice(1)) expect(rest.score).toBeLessThan(fused[0]?.score ?? 0);
      }),
    );
  });

  it('property: fusing one list keeps its order (first occurrences)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 12 }), (list) => {
        expect(ids(fuseByReciprocalRank([hits(...list)]))).toEqual([...new Set(list)]);
      }),
    );
  });

  it('property: the result holds each id of the input once, and nothing else', () => {
    fc.assert(
      fc.property(rankedLists, (lists) => {
        const fused = ids(fuseByReciprocalRank(lists.map((list) => hits(...list))));
        expect(new Set(fused).size).toBe(fused.length);
        expect(new Set(fused)).toEqual(new Set(lists.flat()));
      }),
    );
  });

  it('property: scores are sorted best first and bounded by Σ over the lists of 1/(k + 1)', () => {
    fc.assert(
      fc.property(rankedLists, (lists) => {
        const fused = fuseByReciprocalRank(lists.map((list) => hits(...list)));
        for (let i = 1; i < fused.length; i++) {
          expect(fused[i]?.score).toBeLessThanOrEqual(fused[i - 1]?.score ?? 0);
        }
        for (const { score } of fused) expect(score).toBeLessThanOrEqual(lists.length / 61 + 1e-12);
      }),
    );
  });
});
