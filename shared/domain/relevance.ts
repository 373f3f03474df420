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
import {
  type EnglishCounts,
  type TermReport,
  type WeighedConcept,
  weighConcepts,
} from './concept-weights.ts';
import { type Compound, compoundsHeldApart, heldShare, sharedPhrases } from './phrase-evidence.ts';
import type { QuestionConcept } from './question-concepts.ts';
import { DEFAULT_RELEVANCE_OPTIONS, type RelevanceOptions } from './relevance-options.ts';
import { mentionedInPassing } from './topical-check.ts';

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

export function decideRelevance<S>(
  input: RelevanceInput<S>,
  englishCount: EnglishCounts,
  options: RelevanceOptions = DEFAULT_RELEVANCE_OPTIONS,
): RelevanceDecision<S> {
  const n = input.librarySize;
  const { report, weighed, total } = weighConcepts(input, englishCount, options);
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
  // A compound the library uses only as other compounds is a condition it does not cover.
  const apart = compoundsHeldApart(compoundsOf(weighed), input.candidates);
  if (apart.length > 0) {
    report.matched = report.matched.filter((label) => !apart.includes(label));
    report.missing.push(...apart);
    return refuse(considered);
  }
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
  const passing = mentionedInPassing(
    weighed,
    input.candidates.filter((candidate) => kept.has(candidate.source.id)),
    options.passingTitleShare,
  );
  if (passing !== undefined) {
    report.matched = report.matched.filter((label) => label !== passing);
    report.missing.push(passing);
    return refuse(considered);
  }
  const hits = input.hits.filter((hit) => kept.has(hit.sourceId));
  const cutoff = (hits[0]?.score ?? 0) * options.relativePassageScore;
  const passageIds = hits
    .filter((hit) => hit.score >= cutoff)
    .slice(0, options.maxPassages)
    .map((hit) => hit.id);
  if (passageIds.length === 0) return refuse(considered);
  return { relevant: true, terms: report, sources, passageIds, considered };
}

/**
 * The question's multi-word vocabulary concepts with no single-word name ("genital herpes", "open-angle
 * glaucoma"): the library must hold one of their names side by side.
 */
function compoundsOf(weighed: readonly WeighedConcept[]): Compound[] {
  return weighed
    .filter(
      (concept) =>
        concept.present &&
        concept.origin === 'vocabulary' &&
        concept.alternatives.every((terms) => terms.length > 1),
    )
    .map(({ label, alternatives }) => ({ label, alternatives }));
}
