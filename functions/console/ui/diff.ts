/** A line diff (longest common subsequence) between two revisions rendered as text lines. */
export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

export const diffLines = (before: readonly string[], after: readonly string[]): DiffLine[] => {
  const rows = before.length;
  const cols = after.length;
  // lengths[i][j]: LCS length of before[i..] and after[j..]
  const lengths: number[][] = Array.from({ length: rows + 1 }, () => new Array<number>(cols + 1).fill(0));
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = cols - 1; j >= 0; j--) {
      const row = lengths[i] as number[];
      row[j] =
        before[i] === after[j]
          ? ((lengths[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((lengths[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < rows && j < cols) {
    if (before[i] === after[j]) {
      out.push({ kind: 'same', text: before[i] as string });
      i++;
      j++;
    } else if (((lengths[i + 1] as number[])[j] as number) >= ((lengths[i] as number[])[j + 1] as number)) {
      out.push({ kind: 'removed', text: before[i++] as string });
    } else {
      out.push({ kind: 'added', text: after[j++] as string });
    }
  }
  while (i < rows) out.push({ kind: 'removed', text: before[i++] as string });
  while (j < cols) out.push({ kind: 'added', text: after[j++] as string });
  return out;
};
