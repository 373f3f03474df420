/**
 * The question as the relevance decision reads it: its clinical vocabulary
 * concepts (vocabulary.ts), then its remaining informative words, each with
 * the analysed term sequences a source may use for it. Pure.
 */
import { stem, tokenize } from './bm25.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Words every clinical question and source uses: never evidence that a source is on topic. */
export const GENERIC_CLINICAL_TERMS: ReadonlySet<string> = new Set(
  `recommended recommend recommendation therapy therapies treatment treatments treat treated patient patients
  people person adult adults risk risks effect effects dose doses safe safety help helps use used using option
  options first second third line lines manage management condition conditions disease diseases symptom
  symptoms doctor doctors health healthy medical medicine medicines medication medications care evidence
  guideline guidelines study studies common usual usually advice advise year years day days week weeks time
  times new mean means work works cause causes normal check good problem problems
  start stop long short high low increase reduce need needed happen happens put lose losing get getting feel`
    .split(/\s+/)
    .filter(Boolean)
    .map(stem),
);

export interface QuestionConcept {
  /** What reviewers see: the question's word, or the vocabulary entry's label. */
  label: string;
  /** Analysed term sequences a source may use for it; the first is the question's own. */
  alternatives: string[][];
  origin: 'vocabulary' | 'word';
  /** The question named it in several words ("genital herpes", "kidney stone"): a compound name. */
  compound?: boolean;
}

/** The question as concepts: vocabulary concepts first, then its remaining informative words. */
export function analyseQuestion(question: string, vocabulary: Vocabulary): QuestionConcept[] {
  const { rest, matches } = vocabulary.find(question);
  // Reviewers read the asker's own words, not their analysed stems ("schedule", not "schedul").
  const asked = new Map<string, string>();
  for (const word of question.match(/[\p{L}\p{N}]+/gu) ?? []) {
    const [term] = tokenize(word);
    if (term !== undefined && !asked.has(term)) asked.set(term, word);
  }
  const wordsOf = (terms: string) =>
    terms
      .split(' ')
      .map((term) => asked.get(term) ?? term)
      .join(' ');
  const concepts = new Map<string, QuestionConcept>();
  for (const { concept, surface } of matches) {
    const id = `entry:${concept.entry}`;
    if (!concepts.has(id))
      concepts.set(id, {
        label: `${wordsOf(surface)} → ${concept.label}`,
        alternatives: concept.alternatives,
        origin: 'vocabulary',
        ...(surface.includes(' ') ? { compound: true } : {}),
      });
  }
  for (const term of rest) {
    if (/^\d+$/.test(term) || GENERIC_CLINICAL_TERMS.has(term) || concepts.has(term)) continue;
    concepts.set(term, { label: asked.get(term) ?? term, alternatives: [[term]], origin: 'word' });
  }
  return [...concepts.values()];
}

/** The terms to search the index with: every alternative of every concept. */
export function searchTermsOf(concepts: readonly QuestionConcept[]): string[] {
  return [...new Set(concepts.flatMap((concept) => concept.alternatives.flat()))];
}
