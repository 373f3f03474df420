/**
 * What each of the question's concepts weighs in the relevance decision, and
 * what reviewers are told of it (matched, ignored, missing). A concept the
 * library holds weighs its IDF over sources times its keyness (how much more
 * the library uses it than everyday English); a clinical term the library
 * lacks weighs as the rarest term; an everyday word it lacks weighs nothing.
 * Pure.
 */
import { namesConditionOrDrug } from './clinical-morphology.ts';
import type { QuestionConcept } from './question-concepts.ts';
import type { RelevanceOptions } from './relevance-options.ts';

/** Words in the SUBTLEX-US corpus the everyday-English counts come from. */
const SUBTLEX_WORDS = 51_000_000;

/** How often a term's word family occurs in everyday English (per 51 million words; 0 when rare or unknown). */
export type EnglishCounts = (term: string) => number;

export interface TermReport {
  /** Concepts the library holds (and, for the best source, what it matched). */
  matched: string[];
  /** Words read as the asker's phrasing or as generic: they neither help nor hurt. */
  ignored: string[];
  /** Clinical terms no source in the library uses: they count against the question. */
  missing: string[];
}

export type WeighedConcept = QuestionConcept & {
  weight: number;
  /** Some source in the library holds it. */
  present: boolean;
  /** A vocabulary concept or a word everyday English rarely uses. */
  clinical: boolean;
  /** A named condition or drug the library lacks: the question is about what the library cannot answer. */
  head: boolean;
};

export interface WeighedQuestion {
  report: TermReport;
  weighed: WeighedConcept[];
  /** Σ weight of the weighed concepts. */
  total: number;
}

export function weighConcepts(
  input: {
    concepts: readonly QuestionConcept[];
    librarySize: number;
    documentFrequency: ReadonlyMap<string, number>;
  },
  englishCount: EnglishCounts,
  options: RelevanceOptions,
): WeighedQuestion {
  const n = input.librarySize;
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const dfOf = (alternative: readonly string[]) =>
    Math.min(...alternative.map((term) => input.documentFrequency.get(term) ?? 0));
  // Keyness: how much more often the library uses a word than everyday English does (log10 of the
  // ratio). Clinical words ("fever", "senna") are key in a clinical library; "baby", "back", "stay" are
  // not, so they weigh little whether a source has them or not. Vocabulary concepts are clinical.
  const [low, high] = options.keyness;
  const topicality = (word: string, df: number) => {
    if (!word) return 1;
    // A small library's document fractions overstate how often it uses a word: read them as a larger one's.
    const keyness = Math.log10(
      df / Math.max(n, options.keynessMinSources) / (englishCount(word) / SUBTLEX_WORDS + 1e-7),
    );
    return Math.min(1, Math.max(0.05, (keyness - low) / (high - low)));
  };
  const report: TermReport = { matched: [], ignored: [], missing: [] };
  const weighed: WeighedConcept[] = [];
  for (const concept of input.concepts) {
    const df = Math.max(0, ...concept.alternatives.map(dfOf));
    const [own] = concept.alternatives;
    const word = concept.origin === 'word' ? (own?.[0] ?? '') : '';
    if (df > options.commonFraction * n) {
      report.ignored.push(concept.label);
    } else if (df > 0) {
      const clinical = !word || englishCount(word) < options.anchorCount;
      weighed.push({
        ...concept,
        weight: idf(df) * topicality(word, df),
        present: true,
        clinical,
        head: false,
      });
      report.matched.push(concept.label);
    } else if (word && /\d/.test(word) && /\p{L}/u.test(word)) {
      // A token mixing letters and digits that the library never uses is a code or an id, not a topic.
      report.ignored.push(concept.label);
    } else if (word && englishCount(word) >= options.ordinaryCount) {
      report.ignored.push(concept.label);
    } else {
      // A named clinical concept (a vocabulary entry, or a word shaped like a condition or a drug) the
      // library lacks is what the question is about: nothing else it shares with the library answers it.
      const head = concept.origin === 'vocabulary' || namesConditionOrDrug(concept.label);
      weighed.push({
        ...concept,
        weight: idf(1) * options.missingWeight,
        present: false,
        clinical: true,
        head,
      });
      report.missing.push(concept.label);
    }
  }
  return { report, weighed, total: weighed.reduce((sum, concept) => sum + concept.weight, 0) };
}
