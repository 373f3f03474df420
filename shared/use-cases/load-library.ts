import type { Source, SourceMetadata } from '../domain/source.ts';
import type { LibraryCatalogWriter } from '../ports/library-catalog.ts';

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

/** A source's catalogue entry: all it is, but its text. */
export const metadataOf = (source: Source): SourceMetadata => {
  const { text: _text, ...metadata } = source;
  return metadata;
};

/**
 * Loads `sources` as load `loadId`: their metadata into the catalogue, then
 * the index version `loadId`, then one commit that makes both visible.
 * Until the commit nothing a reader sees changes; a failure anywhere
 * leaves the committed library as it was.
 */
export const commitLibraryLoad = async (
  deps: { catalog: LibraryCatalogWriter; buildIndex: BuildLibraryIndex },
  load: { loadId: string; sources: readonly Source[]; onProgress?: (written: number) => void },
): Promise<{ sourceCount: number }> => {
  const before = await deps.catalog.pointer();
  const { added } = await deps.catalog.write(load.loadId, load.sources.map(metadataOf), load.onProgress);
  const built = await deps.buildIndex({
    version: load.loadId,
    ...(before.indexVersion ? { base: before.indexVersion } : {}),
    sources: load.sources,
  });
  const sourceCount = built.sources ?? before.sourceCount + added;
  await deps.catalog.commit(load.loadId, { indexVersion: load.loadId, sourceCount });
  return { sourceCount };
};
