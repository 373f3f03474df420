import type { Source, SourceMetadata } from '../domain/source.ts';
import type { LibraryCatalogWriter } from '../ports/library-catalog.ts';
import type { BuildLibraryIndex, RetireIndexVersion } from '../ports/source-index.ts';

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
 *
 * After the commit the version two loads behind is retired: the new one
 * serves, the one it replaced stays for drafts that pinned it a moment ago
 * (a draft reads one version from start to end), and older ones would only
 * grow the index by a library's size per load. Retiring is best effort: the
 * load is committed whatever it does, and `retired` says what went.
 */
export const commitLibraryLoad = async (
  deps: {
    catalog: LibraryCatalogWriter;
    buildIndex: BuildLibraryIndex;
    retireIndexVersion?: RetireIndexVersion;
  },
  load: { loadId: string; sources: readonly Source[]; onProgress?: (written: number) => void },
): Promise<{ sourceCount: number; retired?: string; retireError?: unknown }> => {
  const before = await deps.catalog.pointer();
  const { added } = await deps.catalog.write(load.loadId, load.sources.map(metadataOf), load.onProgress);
  const built = await deps.buildIndex({
    version: load.loadId,
    ...(before.indexVersion ? { base: before.indexVersion } : {}),
    sources: load.sources,
  });
  const sourceCount = built.sources ?? before.sourceCount + added;
  await deps.catalog.commit(load.loadId, { indexVersion: load.loadId, sourceCount });
  const retiring = retiredBy(before, load.loadId);
  if (retiring === undefined || deps.retireIndexVersion === undefined) return { sourceCount };
  try {
    await deps.retireIndexVersion(retiring);
    return { sourceCount, retired: retiring };
  } catch (retireError) {
    return { sourceCount, retireError };
  }
};

/** The version a load retires: the one its predecessor replaced, never one a pointer names. */
export const retiredBy = (
  before: { loads: readonly string[]; indexVersion?: string },
  loadId: string,
): string | undefined => {
  const previous = before.indexVersion;
  const position = previous === undefined ? -1 : before.loads.lastIndexOf(previous);
  const retiring = position > 0 ? before.loads[position - 1] : undefined;
  return retiring === loadId || retiring === previous ? undefined : retiring;
};
