/**
 * The index version the committed library is in, per read: the catalogue's
 * pointer (one GetItem) names it, the reader keeps the version it last
 * opened. A committed load is therefore used by the next draft, and a load
 * that failed half-way (never committed) by none.
 */
import type { LibraryCatalog } from '../ports/library-catalog.ts';
import type { IndexStatistics, SourceIndex } from '../ports/source-index.ts';

export interface IndexVersionReader {
  open(version: string): Promise<SourceIndex>;
}

/** What retrieval reads before anything was ever loaded: a library with no sources. */
export const EMPTY_SOURCE_INDEX: SourceIndex = {
  statistics: async (): Promise<IndexStatistics> => ({ version: 'none', sources: 0, passages: 0 }),
  searchPassages: async () => [],
  nearestPassages: async () => [],
  documentFrequencies: async () => new Map(),
  profiles: async () => [],
  source: async () => undefined,
  searchSources: async () => [],
};

export function currentSourceIndex(
  catalog: LibraryCatalog,
  reader: IndexVersionReader,
): () => Promise<SourceIndex> {
  return async () => {
    const { indexVersion } = await catalog.pointer();
    return indexVersion === undefined ? EMPTY_SOURCE_INDEX : reader.open(indexVersion);
  };
}
