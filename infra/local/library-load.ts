import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withFormattedReferences } from '../../shared/adapters/citations/formatted-references.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { LegacyFullTextLibrary } from '../../shared/adapters/dynamodb/source-library.ts';
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import type { LanceIndexLocation } from '../../shared/adapters/lancedb/location.ts';
import {
  configuredEmbedder,
  indexLocation,
  lanceIndexBuild,
  lanceIndexRetire,
} from '../../shared/adapters/library-index.ts';
import type { Source } from '../../shared/domain/source.ts';
import type { Platform } from '../../shared/platform.ts';
import type { Embedder } from '../../shared/ports/embedder.ts';
import { commitLibraryLoad } from '../../shared/use-cases/load-library.ts';

/**
 * A library load on the local system: the catalogue entries, then the
 * load's LanceDB index version (built on the committed one), then the
 * commit that switches readers to it. A load that fails half-way commits
 * nothing: the previous version keeps serving.
 */
export const loadLibrary = (
  client: DynamoDBDocumentClient,
  tableName: string,
  location: LanceIndexLocation,
  load: { loadId: string; sources: readonly Source[]; onProgress?: (written: number) => void },
  /** Embeds the passages too (hybrid retrieval), when an embedding model is configured. */
  embedder?: Embedder,
) =>
  commitLibraryLoad(
    {
      catalog: new DynamoLibraryCatalog(client, tableName),
      buildIndex: lanceIndexBuild(location, embedder),
      retireIndexVersion: lanceIndexRetire(location),
    },
    load,
  );

/** Load ids double as index version ids: letters, digits, `.`, `_` and `-` only. */
export const newLoadId = (now: Date = new Date(), pid = process.pid): string =>
  `load-${now.toISOString().replace(/[:.]/g, '-')}-${pid}`;

/**
 * A data directory from before the search index keeps its sources as
 * full-text items: they are read once (one Scan at start) and loaded as one
 * more load, so drafts read them from the index from then on.
 */
export const migrateLegacyLibrary = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  location: LanceIndexLocation,
  now: () => Date = () => new Date(),
): Promise<number | undefined> => {
  const pointer = await new DynamoLibraryCatalog(client, tableName).pointer();
  const indexed = pointer.indexVersion !== undefined && existsSync(join(location.root, pointer.indexVersion));
  if (pointer.loads.length === 0 || indexed) return undefined;
  const sources = await new LegacyFullTextLibrary(client, tableName).allSources();
  if (sources.length === 0) return undefined;
  const { sourceCount } = await commitLibraryLoad(
    {
      catalog: new DynamoLibraryCatalog(client, tableName),
      // The old full texts are the whole library: nothing to build on.
      buildIndex: (build) => lanceIndexBuild(location)({ version: build.version, sources: build.sources }),
    },
    { loadId: `upgrade-${newLoadId(now())}`, sources },
  );
  return sourceCount;
};

/** A fresh system gets the demo reference library, so a question asked right after start can be drafted. */
export const seedDemoLibrary = async (platform: Platform, log: (message: string) => void) => {
  const { dynamo, config } = platform;
  const location = indexLocation(config);
  const migrated = await migrateLegacyLibrary(dynamo, config.tables.sources, location);
  if (migrated !== undefined)
    log(`Catalogued the reference library's ${migrated} sources (once, after an upgrade)`);
  if ((await new DynamoLibraryCatalog(dynamo, config.tables.sources).pointer()).loads.length > 0) return;
  const sources = await loadDemoLibrary();
  await loadLibrary(
    dynamo,
    config.tables.sources,
    location,
    { loadId: 'demo', sources: await withFormattedReferences(sources) },
    configuredEmbedder(config),
  );
  log(`Loaded the demo reference library (${sources.length} illustrative sources)`);
};
