import { ValidationError } from './errors.ts';

/**
 * What survives normalisation because it changes the meaning: comparison
 * operators (`> 140/90` is not `< 140/90`), signs before a number (`+2` is
 * not `-2`), a `+` or `-` right after a word (`HIV+` is not `HIV-`), and
 * `.`, `,`, `/` and `:` between digits (`0.5 mg` is not `0 5 mg`, `1,000`
 * is not `1 000`), and unit symbols (`%`, `°`, `µ`).
 */
const MEANINGFUL =
  /(?<=\p{N})[.,/:](?=\p{N})|(?<=[\p{L}\p{N}])[+-](?![\p{L}\p{N}])|[+-](?=\p{N})|[<>≤≥=±%‰°µ]/gu;
const COMPARISON = /[<>≤≥=±]/u;

/**
 * The form under which two askings count as the same question: Unicode-
 * normalised, case-folded, other punctuation and symbols dropped (emoji
 * included), whitespace collapsed. "What is  HbA1c?" and "what is hba1c"
 * are one question; "HIV+" and "HIV-" are two.
 */
export const normalizeQuestion = (text: string): string =>
  text
    .normalize('NFKC')
    .toLocaleLowerCase('en-US')
    .replace(/[\u2212\u2012\u2013]/gu, '-')
    .replace(
      new RegExp(`(${MEANINGFUL.source})|[\\p{P}\\p{S}]`, 'gu'),
      (_match, kept: string | undefined) => {
        if (kept === undefined) return ' ';
        // `bp>140` and `bp > 140` are one question: comparisons stand alone.
        return COMPARISON.test(kept) ? ` ${kept} ` : kept;
      },
    )
    .replace(/\s+/gu, ' ')
    .trim();

/** A question needs this many letters or digits once normalised. */
export const MIN_WORD_CHARACTERS = 3;

/**
 * Refuses (400) a question with fewer than three letters or digits after
 * normalising ("??????", a row of emoji): it would otherwise share one
 * duplicate key with every other such question.
 */
export function assertMeaningfulQuestion(normalized: string): void {
  const wordCharacters = normalized.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (wordCharacters < MIN_WORD_CHARACTERS) {
    throw new ValidationError('The question has too few letters or digits to be answered', [
      {
        path: 'question',
        message: `needs at least ${MIN_WORD_CHARACTERS} letters or digits besides punctuation and symbols`,
      },
    ]);
  }
}
