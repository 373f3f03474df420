import { describe, expect, it } from 'vitest';
import type { Source, SourceMetadata } from '../../shared/domain/source.ts';
import type { LibraryCatalogWriter, LibraryPointer } from '../../shared/ports/library-catalog.ts';
import { commitLibraryLoad, retiredBy } from '../../shared/use-cases/load-library.ts';

/** The catalogue port in memory: the pointer moves on commit, as the DynamoDB adapter's does. */
const memoryCatalog = (pointer: LibraryPointer): LibraryCatalogWriter & { current: LibraryPointer } => {
  const catalog = {
    current: pointer,
    resolve: async () => new Map<string, SourceMetadata>(),
    pointer: async () => catalog.current,
    write: async (_loadId: string, metadata: readonly SourceMetadata[]) => ({
      written: metadata.length,
      added: metadata.length,
    }),
    commit: async (loadId: string, commit: { indexVersion: string; sourceCount: number }) => {
      catalog.current = { loads: [...catalog.current.loads, loadId], ...commit };
    },
  };
  return catalog;
};

const source: Source = {
  id: 's',
  title: 'Hypertension',
  publisher: 'Example',
  year: 2025,
  url: 'https://example.org/s',
  text: 'Blood pressure.',
};

describe('retiring old index versions', () => {
  it('retires the version the previous load replaced, never the serving one or the one just replaced', () => {
    expect(retiredBy({ loads: [] }, 'a')).toBeUndefined();
    expect(retiredBy({ loads: ['a'], indexVersion: 'a' }, 'b')).toBeUndefined();
    expect(retiredBy({ loads: ['a', 'b'], indexVersion: 'b' }, 'c')).toBe('a');
    expect(retiredBy({ loads: ['a', 'b', 'c'], indexVersion: 'c' }, 'd')).toBe('b');
    // A load committed again under its own id (a redelivery) retires nothing it still serves.
    expect(retiredBy({ loads: ['a', 'b'], indexVersion: 'b' }, 'a')).toBeUndefined();
  });

  it('keeps the serving version and its predecessor through a run of loads, and drops each older one once', async () => {
    const catalog = memoryCatalog({ loads: [], sourceCount: 0 });
    const versions = new Set<string>();
    const retired: string[] = [];
    const deps = {
      catalog,
      buildIndex: async (build: { version: string }) => {
        versions.add(build.version);
        return { sources: 1 };
      },
      retireIndexVersion: async (version: string) => {
        retired.push(version);
        versions.delete(version);
      },
    };
    for (const loadId of ['v1', 'v2', 'v3', 'v4', 'v5'])
      await commitLibraryLoad(deps, { loadId, sources: [source] });
    expect(retired).toEqual(['v1', 'v2', 'v3']);
    expect([...versions]).toEqual(['v4', 'v5']);
    expect(catalog.current.indexVersion).toBe('v5');
  });

  it('a retire that fails leaves the load committed and says why', async () => {
    const catalog = memoryCatalog({ loads: ['v1', 'v2'], indexVersion: 'v2', sourceCount: 1 });
    const outcome = await commitLibraryLoad(
      {
        catalog,
        buildIndex: async () => ({ sources: 1 }),
        retireIndexVersion: async () => {
          throw new Error('bucket unavailable');
        },
      },
      { loadId: 'v3', sources: [source] },
    );
    expect(catalog.current.indexVersion).toBe('v3');
    expect(outcome.retired).toBeUndefined();
    expect(String(outcome.retireError)).toContain('bucket unavailable');
  });
});
