/**
 * The form under which two askings count as the same question: Unicode-
 * normalised, case-folded, punctuation and symbols dropped, whitespace
 * collapsed. "What is  HbA1c?" and "what is hba1c" are one question.
 */
export const normalizeQuestion = (text: string): string =>
  text
    .normalize('NFKC')
    .toLocaleLowerCase('en-US')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
