/** The relevance decision's thresholds (relevance.ts), chosen on the tuning sets only (test/eval/tune.ts). */

export interface RelevanceOptions {
  /** The best source must hold at least this share of the question's information. */
  minCoverage: number;
  /** …and its rank (coverage plus half its title's share) must reach this: the topic is in its title. */
  minRank: number;
  /** Other sources are kept when they hold this share of the best one's coverage and rank. */
  relativeCoverage: number;
  /** Rank added per share of the question's information its own phrases, held side by side, carry. */
  phraseBonus: number;
  /**
   * A question whose heaviest concept is a compound name is refused when its kept sources' titles hold
   * concepts weighing no more than this share of it: they mention it only in passing (topical-check.ts).
   */
  passingTitleShare: number;
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
  passingTitleShare: 0.5,
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
