/**
 * The SourceIndex port: the reference library's passages as the retrieval
 * step searches them. One index version holds one committed library; a load
 * builds a new version and readers switch to it in one step. The LanceDB
 * adapter is the only code that knows the engine; the relevance decision
 * (shared/domain/relevance.ts) only sees what this port returns.
 */
import type { Passage } from '../domain/passages.ts';
import type { Source, SourceMetadata } from '../domain/source.ts';

export type { Passage };

export interface PassageHit {
  passage: Passage;
  /** Higher is better; only comparable within one result list. */
  score: number;
}

/** What the relevance decision needs to know of a candidate source. */
export interface SourceProfile {
  source: SourceMetadata;
  /** Analysed terms (see analyse() in shared/domain/terms.ts) of its title. */
  titleTerms: ReadonlySet<string>;
  /** Analysed terms of its title and its whole text. */
  terms: ReadonlySet<string>;
  /**
   * Pairs of adjacent analysed terms, `${first} ${second}`, within its title, a heading or a passage
   * (see phrasesOf() in shared/domain/indexed-source.ts); absent for an index version built before
   * they were recorded.
   */
  phrases?: ReadonlySet<string>;
}

export interface IndexStatistics {
  /** The index version being read: changes with every committed load. */
  version: string;
  sources: number;
  passages: number;
  /** Dimensions of the passage vectors, when the library was embedded. */
  vectorDimensions?: number;
}

export interface SourceIndex {
  statistics(): Promise<IndexStatistics>;
  /** BM25 over the passages' analysed terms; `terms` are analysed already. Best first. */
  searchPassages(terms: readonly string[], limit: number): Promise<PassageHit[]>;
  /** Nearest passages by vector; empty when the library was indexed without embeddings. */
  nearestPassages(vector: readonly number[], limit: number): Promise<PassageHit[]>;
  /** In how many sources each term occurs (terms no source uses are absent). */
  documentFrequencies(terms: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** Profiles of these sources, in no particular order; unknown ids are left out. */
  profiles(sourceIds: readonly string[]): Promise<SourceProfile[]>;
  /** A source with its passages in reading order; undefined when the library has no such id. */
  source(sourceId: string): Promise<{ source: SourceMetadata; passages: Passage[] } | undefined>;
  /** Sources whose title or text matches `terms` best (analysed), or the first by title when empty. */
  searchSources(terms: readonly string[], limit: number): Promise<SourceMetadata[]>;
}

/** Builds index versions. Only the library loader uses it; drafting only reads. */
export interface SourceIndexBuilder {
  /**
   * Writes a new index version holding `sources` (whole texts; the builder
   * splits them into passages) on top of the sources of version `base`
   * (a source id in both: the new one wins). Nothing reads the new version
   * until its id is committed elsewhere (the library pointer), so a build
   * that fails half-way leaves the serving version untouched.
   */
  build(options: {
    version: string;
    base?: string;
    sources: readonly Source[];
    /** Passage vectors by passage id, when an embedding model is configured. */
    embed?: (passages: readonly Passage[]) => Promise<number[][]>;
  }): Promise<{ sources: number; passages: number }>;
}

/**
 * Builds the search index version of a load, between writing its catalogue
 * entries and committing it: the seam where the SourceIndexBuilder
 * (shared/ports/source-index.ts) plugs in. `base` is the index version the
 * committed library is in. Resolves with the committed library's source
 * count when it knows it.
 */
export type BuildLibraryIndex = (build: {
  version: string;
  base?: string;
  sources: readonly Source[];
}) => Promise<{ sources?: number }>;

/**
 * Removes an index version no reader is pointed at any more. A version is a
 * full copy of the library (built on its base, not layered over it), so
 * dropping an old one loses nothing the committed version holds.
 */
export type RetireIndexVersion = (version: string) => Promise<unknown>;
