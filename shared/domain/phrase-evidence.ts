/**
 * Phrase-level evidence for the relevance decision: whether a source uses a
 * question's words side by side, as the index recorded (the adjacent term
 * pairs of every source, phrasesOf() in indexed-source.ts), not just
 * somewhere in its text. "Genital" in one paragraph and "herpes" in another
 * is not genital herpes. Pure.
 */
import { tokenize } from './bm25.ts';
import { phrasesOf } from './indexed-source.ts';
import type { QuestionConcept } from './question-concepts.ts';

/**
 * The question's own two-word phrases ("genit herp", "muscl spasm"): adjacent analysed words of
 * the question that are each a word concept of their own (vocabulary concepts are phrases already).
 */
export function questionPhrases(question: string, concepts: readonly QuestionConcept[]): string[] {
  const words = new Set(
    concepts.flatMap((concept) =>
      concept.origin === 'word' && concept.alternatives[0]?.length === 1 ? concept.alternatives[0] : [],
    ),
  );
  const pairs = phrasesOf(tokenize(question)).filter((pair) => {
    const [first = '', second = ''] = pair.split(' ');
    return first !== second && words.has(first) && words.has(second);
  });
  return [...new Set(pairs)];
}

/**
 * How much of a concept's analysed words (`words`) a source holds: 1 when it holds them all, side
 * by side if there are several; `apartShare` when it holds them only apart; 0 when it lacks one. A
 * source whose index version recorded no phrases (`phrases` undefined) is read as before: all its
 * words anywhere count in full.
 */
export function heldShare(
  words: readonly string[],
  terms: ReadonlySet<string>,
  phrases: ReadonlySet<string> | undefined,
  apartShare: number,
): number {
  if (!words.every((term) => terms.has(term))) return 0;
  if (phrases === undefined || phrasesOf(words).every((pair) => phrases.has(pair))) return 1;
  return apartShare;
}

/**
 * The weight of the question's phrases a source uses side by side, as a function of the source's
 * phrases. Only phrases some candidate uses count: the others are the asker's word order
 * ("pressure at home"), evidence for no source. A phrase weighs as its lighter word.
 */
export function sharedPhrases(
  phrases: readonly string[],
  candidates: readonly { phrases?: ReadonlySet<string> }[],
  weightOf: (term: string) => number,
): (held: ReadonlySet<string> | undefined) => number {
  const shared = phrases
    .filter((pair) => candidates.some((candidate) => candidate.phrases?.has(pair)))
    .map((pair) => {
      const [first = '', second = ''] = pair.split(' ');
      return { pair, weight: Math.min(weightOf(first), weightOf(second)) };
    });
  return (held) =>
    held === undefined
      ? 0
      : shared.reduce((sum, phrase) => (held.has(phrase.pair) ? sum + phrase.weight : sum), 0);
}

/** A multi-word name in the question: a vocabulary concept's alternatives, or two adjacent words. */
export interface Compound {
  label: string;
  alternatives: readonly (readonly string[])[];
}

/**
 * The question's compounds the library holds only as other compounds: a candidate source holds
 * their words, none side by side ("genital" and "herpes", but only in "herpes labialis" and
 * "genital area"). Such a compound names a condition the library does not cover, whatever its words
 * share with it. Unknown when a candidate's index version recorded no phrases: nothing is reported.
 */
export function compoundsHeldApart(
  compounds: readonly Compound[],
  candidates: readonly { terms: ReadonlySet<string>; phrases?: ReadonlySet<string> }[],
): string[] {
  if (candidates.length === 0 || candidates.some((candidate) => candidate.phrases === undefined)) return [];
  return compounds
    .filter((compound) => {
      const shares = candidates.flatMap((candidate) =>
        compound.alternatives.map((words) => heldShare(words, candidate.terms, candidate.phrases, 0.5)),
      );
      return shares.includes(0.5) && !shares.includes(1);
    })
    .map((compound) => compound.label);
}
