/**
 * The relevance decision: does the library hold an answer to this question,
 * and which sources? Pure and engine-independent: it sees the question's
 * concepts, the library's document frequencies and the candidate sources the
 * index found, never the engine.
 *
 * Coverage asks how much of the question's information a source holds:
 * Σ weight(concepts the source holds) / Σ weight(all concepts), where a concept
 * the library holds weighs its IDF over sources. What a concept the library
 * lacks weighs depends on what kind of word it is, and that is what tells an
 * off-library question from an answerable one asked in everyday words:
 *   - a clinical term (a vocabulary concept, or a word everyday English rarely
 *     uses: "tebentafusp", "uveal", "prophylaxis") weighs as much as the
 *     library's rarest term: it is exactly what the library cannot answer;
 *   - an everyday English word ("schedule", "soothed", "toddler" once the
 *     vocabulary has no better reading) weighs nothing: the asker's phrasing,
 *     not the topic. Everyday is measured, not listed: SUBTLEX-US word-family
 *     counts (vocabulary/english-counts.json).
 * Words every clinical question uses (a fixed list, or any term in more than
 * half the sources) weigh nothing on either side. The best source must also
 * be about the topic: rank = coverage + half its title's share + a bonus for
 * using the question's own two-word phrases side by side.
 * Phrase-level evidence, where the index recorded adjacent term pairs: a
 * multi-word concept ("atrial fibrillation") counts fully in a source that
 * uses its words side by side, and only in part where they stand apart.
 */
import { stem, tokenize } from './bm25.ts';
import { namesConditionOrDrug } from './clinical-morphology.ts';
import { heldShare, sharedPhrases } from './phrase-evidence.ts';
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
}

/** Words in the SUBTLEX-US corpus the everyday-English counts come from. */
const SUBTLEX_WORDS = 51_000_000;

/** How often a term's word family occurs in everyday English (per 51 million words; 0 when rare or unknown). */
export type EnglishCounts = (term: string) => number;

export interface RelevanceOptions {
  /** The best source must hold at least this share of the question's information. */
  minCoverage: number;
  /** …and its rank (coverage plus half its title's share) must reach this: the topic is in its title. */
  minRank: number;
  /** Other sources are kept when they hold this share of the best one's coverage and rank. */
  relativeCoverage: number;
  /** Rank added per share of the question's information its own phrases, held side by side, carry. */
  phraseBonus: number;
  /** What a multi-word concept counts for in a source holding its words, but never side by side. */
  apartShare: 0.75;
  /** A term in more than this fraction of the sources is generic in this library. */
  commonFraction: number;
  /** A word at least this frequent in everyday English is ordinary: ignored when missing… */
  ordinaryCount: number;
  /** A word's keyness below which it says nothing about the topic, and above which it says it fully. */
  keyness: [low: number, high: number];
  /** Keyness reads document frequencies as if the library held at least this many sources. */
  keynessMinSources: number;
  /** A word rarer than this in everyday English is clinical: a question needs one the library holds. */
  anchorCount: number;
  /** A clinical term the library lacks weighs this share of the library's rarest term. */
  missingWeight: number;
  /** Passages scoring below this fraction of the best kept passage are noise. */
  relativePassageScore: number;
  maxSources: number;
  maxPassages: number;
}

export const DEFAULT_RELEVANCE_OPTIONS: RelevanceOptions = {
  minCoverage: 0.4,
  minRank: 0.7,
  relativeCoverage: 0.6,
  phraseBonus: 0.5,
  apartShare: 0.75,
  commonFraction: 0.5,
  ordinaryCount: 150,
  keyness: [1.5, 3],
  keynessMinSources: 200,
  missingWeight: 0.75,
  anchorCount: 10_000,
  relativePassageScore: 0.3,
  maxSources: 4,
  maxPassages: 24,
};

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

export interface CandidateSource<S> {
  source: S & { id: string };
  titleTerms: ReadonlySet<string>;
  terms: ReadonlySet<string>;
  /** Its adjacent term pairs; absent when the index did not record them (words then match apart). */
  phrases?: ReadonlySet<string>;
}

export interface RelevanceInput<S> {
  concepts: readonly QuestionConcept[];
  /** The question's two-word phrases (questionPhrases()). */
  phrases?: readonly string[];
  /** Sources in the library. */
  librarySize: number;
  /** In how many sources each search term occurs (absent: none). */
  documentFrequency: ReadonlyMap<string, number>;
  /** Sources the index found for the question, any order. */
  candidates: readonly CandidateSource<S>[];
  /** Passages the index found, best first, with their source ids. */
  hits: readonly { id: string; sourceId: string; score: number }[];
}

export interface TermReport {
  /** Concepts the library holds (and, for the best source, what it matched). */
  matched: string[];
  /** Words read as the asker's phrasing or as generic: they neither help nor hurt. */
  ignored: string[];
  /** Clinical terms no source in the library uses: they count against the question. */
  missing: string[];
}

export interface RelevanceDecision<S> {
  relevant: boolean;
  terms: TermReport;
  /** Relevant sources, best first; empty when not relevant. */
  sources: { source: S & { id: string }; coverage: number; rank: number }[];
  /** Ids of the passages to compose from, best first. */
  passageIds: string[];
  /** The best candidates and their scores, kept or not: why a question was refused. */
  considered: { id: string; coverage: number; rank: number }[];
}

type Weighed = QuestionConcept & { weight: number; present: boolean; clinical: boolean; head: boolean };

export function decideRelevance<S>(
  input: RelevanceInput<S>,
  englishCount: EnglishCounts,
  options: RelevanceOptions = DEFAULT_RELEVANCE_OPTIONS,
): RelevanceDecision<S> {
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
  const weighed: Weighed[] = [];
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
  const total = weighed.reduce((sum, concept) => sum + concept.weight, 0);
  const refuse = (considered: RelevanceDecision<S>['considered'] = []): RelevanceDecision<S> => ({
    relevant: false,
    terms: report,
    sources: [],
    passageIds: [],
    considered,
  });
  // A question must name something clinical the library holds: a vocabulary concept or a word everyday
  // English rarely uses ("statins", not "replace", "belt" and "engine").
  if (
    n === 0 ||
    total === 0 ||
    !weighed.some((concept) => concept.present && concept.clinical) ||
    weighed.some((concept) => concept.head)
  )
    return refuse();

  const share = (terms: ReadonlySet<string>, phrases?: ReadonlySet<string>) =>
    weighed.reduce(
      (sum, concept) =>
        concept.present
          ? sum +
            concept.weight *
              Math.max(
                0,
                ...concept.alternatives.map((words) => heldShare(words, terms, phrases, options.apartShare)),
              )
          : sum,
      0,
    ) / total;
  const weightOf = new Map(
    weighed.map((concept) => [concept.alternatives[0]?.join(' ') ?? '', concept.weight]),
  );
  const phraseWeight = sharedPhrases(
    input.phrases ?? [],
    input.candidates,
    (term) => weightOf.get(term) ?? 0,
  );
  const ranked = input.candidates
    .map((candidate) => {
      const coverage = share(candidate.terms, candidate.phrases);
      const title = share(candidate.titleTerms, candidate.phrases);
      // As a share of the question's information: a phrase of two heavy words ("genital herpes")
      // says far more about a source's topic than one of two light ones ("swollen painful").
      const phrase = phraseWeight(candidate.phrases) / total;
      return {
        source: candidate.source,
        coverage,
        rank: coverage + title / 2 + options.phraseBonus * phrase,
      };
    })
    .sort((a, b) => b.rank - a.rank || (a.source.id < b.source.id ? -1 : a.source.id > b.source.id ? 1 : 0));
  const considered = ranked
    .slice(0, 5)
    .map(({ source, coverage, rank }) => ({ id: source.id, coverage, rank }));
  const best = ranked[0];
  if (!best || best.coverage < options.minCoverage || best.rank < options.minRank) return refuse(considered);
  const sources = ranked
    .filter(
      ({ coverage, rank }) =>
        coverage >= options.minCoverage * options.relativeCoverage &&
        rank >= best.rank * options.relativeCoverage,
    )
    .slice(0, options.maxSources);
  const kept = new Set(sources.map(({ source }) => source.id));
  const hits = input.hits.filter((hit) => kept.has(hit.sourceId));
  const cutoff = (hits[0]?.score ?? 0) * options.relativePassageScore;
  const passageIds = hits
    .filter((hit) => hit.score >= cutoff)
    .slice(0, options.maxPassages)
    .map((hit) => hit.id);
  if (passageIds.length === 0) return refuse(considered);
  return { relevant: true, terms: report, sources, passageIds, considered };
}
