/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): merges ranked lists whose
 * scores are not comparable (BM25 against cosine) by rank alone. An item's score is
 * Σ 1 / (k + rank) over the lists holding it, rank counted from 1; k = 60 damps the weight of the
 * very top ranks, the value of the paper that later studies kept.
 */
export const RECIPROCAL_RANK_K = 60;

export interface FusedItem<T> {
  item: T;
  score: number;
}

/**
 * Best first. Equal scores keep the order in which the items were first seen (list by list,
 * rank by rank), so the result is deterministic. An id repeated within one list counts at its
 * best rank only; the item kept is the first one seen with that id.
 */
export function fuseByReciprocalRank<T extends { id: string }>(
  lists: readonly (readonly T[])[],
  k = RECIPROCAL_RANK_K,
): Array<FusedItem<T>> {
  if (!(k >= 0)) throw new RangeError(`k must be a non-negative number; got ${k}`);
  // A Map keeps insertion order: first-seen order, the tie-break.
  const fused = new Map<string, FusedItem<T>>();
  for (const list of lists) {
    const seenInList = new Set<string>();
    list.forEach((item, index) => {
      if (seenInList.has(item.id)) return;
      seenInList.add(item.id);
      const contribution = 1 / (k + index + 1);
      const entry = fused.get(item.id);
      if (entry) entry.score += contribution;
      else fused.set(item.id, { item, score: contribution });
    });
  }
  // Array.prototype.sort is stable (ES2019), so equal scores stay in first-seen order.
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
