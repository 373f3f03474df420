/**
 * Drops what an index version holds, for a load whose earlier attempt
 * failed or timed out half-way: the builder refuses to write a version that
 * has tables already. Only for a version no pointer names (the caller
 * checks): its readers would lose it.
 */
import { loadEngine } from './engine.ts';
import { type LanceIndexLocation, mayExist, storageOptions, versionUri } from './location.ts';

/** True when there was something to drop. */
export async function discardIndexVersion(location: LanceIndexLocation, version: string): Promise<boolean> {
  if (!mayExist(location, version)) return false;
  const engine = await loadEngine();
  const db = await engine.lancedb.connect(versionUri(location, version), {
    storageOptions: storageOptions(location),
  });
  if ((await db.tableNames()).length === 0) return false;
  await db.dropAllTables();
  return true;
}
