/**
 * A SourceIndex held in memory, for unit tests of the retrieval step and
 * the shared contract suite: the same versions, passages and analysed terms
 * as the LanceDB adapter, ranked by the domain's Bm25Index over the same
 * passage terms. Not for production libraries: every version lives on the heap.
 */
import { Bm25Index } from '../domain/bm25.ts';
import { compareByTitle, INDEX_VERSION_PATTERN, indexSource } from '../domain/indexed-source.ts';
import type { SourceMetadata } from '../domain/source.ts';
import type {
  IndexStatistics,
  Passage,
  PassageHit,
  SourceIndex,
  SourceIndexBuilder,
  SourceProfile,
} from '../ports/source-index.ts';

/** searchSources ranks sources by their best passages among this many per requested source. */
export const PASSAGES_PER_SOURCE_SEARCHED = 20;

/** Passages per embed() call, as the LanceDB builder sends them. */
const EMBED_BATCH_SIZE = 256;

interface StoredPassage {
  passage: Passage;
  terms: string;
  vector?: number[];
}

interface StoredSource {
  metadata: SourceMetadata;
  titleTerms: string[];
  terms: string[];
  phrases: string[];
  passages: StoredPassage[];
}

interface StoredVersion {
  /** By title, then id. */
  sources: StoredSource[];
  byId: Map<string, StoredSource>;
  passages: StoredPassage[];
  documentFrequencies: Map<string, number>;
  bm25: Bm25Index;
  vectorDimensions?: number;
}

export class InMemorySourceIndexLibrary implements SourceIndexBuilder {
  private readonly versions = new Map<string, StoredVersion>();

  async build(
    options: Parameters<SourceIndexBuilder['build']>[0],
  ): Promise<{ sources: number; passages: number }> {
    const { version, base, sources, embed } = options;
    if (!INDEX_VERSION_PATTERN.test(version)) throw new Error(`Invalid index version id "${version}"`);
    if (this.versions.has(version)) throw new Error(`Index version "${version}" exists already`);
    const baseVersion = base === undefined ? undefined : this.versions.get(base);
    if (base !== undefined && baseVersion === undefined) throw new Error(`No index version "${base}"`);

    const replaced = new Set(sources.map((source) => source.id));
    const byId = new Map<string, StoredSource>();
    for (const stored of baseVersion?.sources ?? []) {
      // A copy: this version may give its passages other vectors, and the base stays as it was.
      if (!replaced.has(stored.metadata.id)) byId.set(stored.metadata.id, { ...stored });
    }
    const added: StoredSource[] = [];
    for (const source of sources) {
      const indexed = indexSource(source);
      const stored: StoredSource = {
        metadata: indexed.metadata,
        titleTerms: indexed.titleTerms,
        terms: indexed.terms,
        phrases: indexed.phrases,
        passages: indexed.passages.map(({ passage, terms }) => ({ passage, terms })),
      };
      byId.set(source.id, stored);
      added.push(stored);
    }

    let vectorDimensions: number | undefined;
    if (embed) {
      // Copies of the base keep their vectors when it has them; otherwise every passage is embedded.
      const reuse = baseVersion?.vectorDimensions !== undefined;
      const toEmbed = [...byId.values()]
        .filter((stored) => !reuse || added.includes(stored))
        .flatMap((stored) => stored.passages);
      const vectors: number[][] = [];
      for (let start = 0; start < toEmbed.length; start += EMBED_BATCH_SIZE) {
        const batch = toEmbed.slice(start, start + EMBED_BATCH_SIZE);
        const batchVectors = await embed(batch.map((entry) => entry.passage));
        if (batchVectors.length !== batch.length)
          throw new Error('embed returned a different number of vectors');
        vectors.push(...batchVectors);
      }
      const embedded = new Map(toEmbed.map((entry, index) => [entry, vectors[index] ?? []]));
      for (const stored of byId.values()) {
        if (!added.includes(stored) && reuse) continue;
        stored.passages = stored.passages.map((entry) => ({ ...entry, vector: embedded.get(entry) ?? [] }));
      }
      vectorDimensions = vectors[0]?.length ?? baseVersion?.vectorDimensions;
    } else {
      for (const stored of byId.values()) {
        if (stored.passages.some((entry) => entry.vector)) {
          stored.passages = stored.passages.map(({ passage, terms }) => ({ passage, terms }));
        }
      }
    }

    const ordered = [...byId.values()].sort((left, right) =>
      compareByTitle(
        { title: left.metadata.title, id: left.metadata.id },
        { title: right.metadata.title, id: right.metadata.id },
      ),
    );
    const passages = ordered.flatMap((stored) => stored.passages);
    const documentFrequencies = new Map<string, number>();
    for (const stored of ordered) {
      for (const term of stored.terms)
        documentFrequencies.set(term, (documentFrequencies.get(term) ?? 0) + 1);
    }
    const bm25 = new Bm25Index(
      passages.map((entry) => ({
        id: entry.passage.id,
        text: '',
        terms: entry.terms.split(' ').filter(Boolean),
      })),
    );
    this.versions.set(version, {
      sources: ordered,
      byId: new Map(ordered.map((stored) => [stored.metadata.id, stored])),
      passages,
      documentFrequencies,
      bm25,
      ...(vectorDimensions === undefined ? {} : { vectorDimensions }),
    });
    return { sources: ordered.length, passages: passages.length };
  }

  /** The index of one built version. */
  open(version: string): SourceIndex {
    const stored = this.versions.get(version);
    if (!stored) throw new Error(`No index version "${version}"`);
    return new InMemorySourceIndex(version, stored);
  }
}

class InMemorySourceIndex implements SourceIndex {
  private readonly passagesById: Map<string, StoredPassage>;

  constructor(
    private readonly version: string,
    private readonly stored: StoredVersion,
  ) {
    this.passagesById = new Map(stored.passages.map((entry) => [entry.passage.id, entry]));
  }

  async statistics(): Promise<IndexStatistics> {
    return {
      version: this.version,
      sources: this.stored.sources.length,
      passages: this.stored.passages.length,
      ...(this.stored.vectorDimensions === undefined
        ? {}
        : { vectorDimensions: this.stored.vectorDimensions }),
    };
  }

  async searchPassages(terms: readonly string[], limit: number): Promise<PassageHit[]> {
    if (terms.length === 0 || limit <= 0) return [];
    return this.stored.bm25.searchTerms(terms, limit).flatMap((hit) => {
      const entry = this.passagesById.get(hit.id);
      return entry ? [{ passage: entry.passage, score: hit.score }] : [];
    });
  }

  async nearestPassages(vector: readonly number[], limit: number): Promise<PassageHit[]> {
    if (this.stored.vectorDimensions === undefined || limit <= 0) return [];
    return this.stored.passages
      .map((entry) => ({ passage: entry.passage, score: cosineSimilarity(vector, entry.vector ?? []) }))
      .sort((left, right) => right.score - left.score)
      .slice(0, limit);
  }

  async documentFrequencies(terms: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const frequencies = new Map<string, number>();
    for (const term of terms) {
      const frequency = this.stored.documentFrequencies.get(term);
      if (frequency !== undefined) frequencies.set(term, frequency);
    }
    return frequencies;
  }

  async profiles(sourceIds: readonly string[]): Promise<SourceProfile[]> {
    return [...new Set(sourceIds)].flatMap((id) => {
      const stored = this.stored.byId.get(id);
      return stored
        ? [
            {
              source: stored.metadata,
              titleTerms: new Set(stored.titleTerms),
              terms: new Set(stored.terms),
              phrases: new Set(stored.phrases),
            },
          ]
        : [];
    });
  }

  async source(sourceId: string): Promise<{ source: SourceMetadata; passages: Passage[] } | undefined> {
    const stored = this.stored.byId.get(sourceId);
    return stored && { source: stored.metadata, passages: stored.passages.map((entry) => entry.passage) };
  }

  async searchSources(terms: readonly string[], limit: number): Promise<SourceMetadata[]> {
    if (limit <= 0) return [];
    if (terms.length === 0) return this.stored.sources.slice(0, limit).map((stored) => stored.metadata);
    const hits = await this.searchPassages(terms, limit * PASSAGES_PER_SOURCE_SEARCHED);
    return bestSources(hits, limit).flatMap((id) => {
      const stored = this.stored.byId.get(id);
      return stored ? [stored.metadata] : [];
    });
  }
}

/** Source ids in the order of their best passage (hits are best first), at most `limit`. */
export function bestSources(hits: readonly PassageHit[], limit: number): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    if (seen.has(hit.passage.sourceId)) continue;
    seen.add(hit.passage.sourceId);
    ids.push(hit.passage.sourceId);
    if (ids.length === limit) break;
  }
  return ids;
}

function cosineSimilarity(left: readonly number[], right: readonly number[]): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index++) {
    const a = left[index] ?? 0;
    const b = right[index] ?? 0;
    dot += a * b;
    leftNorm += a * a;
    rightNorm += b * b;
  }
  return leftNorm === 0 || rightNorm === 0 ? 0 : dot / Math.sqrt(leftNorm * rightNorm);
}
