import type { SourceMetadata } from '../../domain/source.ts';
import type { LibraryPointer } from '../../ports/library-catalog.ts';

/** The catalogue's item shapes and version bookkeeping (library-catalog.ts describes the items). */
export const POINTER_KEY = { pk: 'LIBRARY', sk: 'POINTER' } as const;
export const META_SK = 'META';
export const sourceKey = (id: string) => ({ pk: `SRC#${id}`, sk: META_SK });
export const idOfKey = (pk: string) => pk.slice('SRC#'.length);

/** BatchGetItem's limit; the first chunk also carries the pointer. */
export const BATCH_GET_KEYS = 100;
/** UpdateItems in flight while writing a load. */
export const WRITE_CONCURRENCY = 32;
export const STALE_UNCOMMITTED_MS = 24 * 60 * 60 * 1000;
export const MAX_ATTEMPTS = 9;
/** Superseded versions one write removes by name (the update expression is limited to 4 KB). */
export const MAX_REMOVALS = 50;

export type WriteMode = 'create' | 'add' | 'supersede';

export interface StoredVersion {
  writtenAt: string;
  metadata: SourceMetadata;
}
export type Versions = Record<string, StoredVersion>;

export const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 2000) * (0.5 + Math.random())));

export const errorName = (error: unknown) => (error as { name?: string }).name;

export const toPointer = (item: Record<string, unknown> | undefined): LibraryPointer => ({
  loads: (item?.loads as string[] | undefined) ?? [],
  ...(typeof item?.indexVersion === 'string' ? { indexVersion: item.indexVersion } : {}),
  sourceCount: typeof item?.sourceCount === 'number' ? item.sourceCount : 0,
  ...(typeof item?.committedAt === 'string' ? { committedAt: item.committedAt } : {}),
});

/** The version of the newest committed load among `versions`, if any. */
export const newestCommitted = (versions: Versions | undefined, loads: readonly string[]) => {
  if (!versions) return undefined;
  for (let index = loads.length - 1; index >= 0; index--) {
    const version = versions[loads[index] as string];
    if (version) return { loadId: loads[index] as string, version };
  }
  return undefined;
};

/** Versions of an item no reader can need once `loadId` is written: see DynamoLibraryCatalog's comment. */
export const prunableVersions = (
  versions: Versions,
  loadId: string,
  loads: readonly string[],
  now: number,
): string[] => {
  const newest = newestCommitted(versions, loads)?.loadId;
  const committed = new Set(loads);
  return Object.entries(versions).flatMap(([id, version]) => {
    if (id === loadId || id === newest) return [];
    if (committed.has(id)) return [id];
    const writtenAt = Date.parse(version.writtenAt);
    return Number.isNaN(writtenAt) || now - writtenAt > STALE_UNCOMMITTED_MS ? [id] : [];
  });
};

export const isThrottling = (error: unknown) =>
  ['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'].includes(
    errorName(error) ?? '',
  );
