import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { DynamoSourceLibrary, fullTextItemsAsIndex } from '../../shared/adapters/dynamodb/source-library.ts';
import type { Source } from '../../shared/domain/source.ts';
import { commitLibraryLoad, metadataOf } from '../../shared/use-cases/load-library.ts';

/**
 * A library load on the local system: the catalogue entries, then the
 * index (for now the interim full-text items: the LanceDB index builder
 * replaces `fullTextItemsAsIndex` here), then the commit.
 */
export const loadLibrary = (
  client: DynamoDBDocumentClient,
  tableName: string,
  load: { loadId: string; sources: readonly Source[]; onProgress?: (written: number) => void },
) =>
  commitLibraryLoad(
    {
      catalog: new DynamoLibraryCatalog(client, tableName),
      buildIndex: fullTextItemsAsIndex(new DynamoSourceLibrary(client, tableName)),
    },
    load,
  );

/**
 * A data directory from before the catalogue has committed loads but no
 * index version: its sources get catalogue entries once (one Scan at
 * start), committed as one more load whose index version is the newest
 * full-text load, so its drafts pass the publish gate as they did.
 */
export const migrateLegacyLibrary = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  now: () => Date = () => new Date(),
): Promise<number | undefined> => {
  const catalog = new DynamoLibraryCatalog(client, tableName);
  const pointer = await catalog.pointer();
  if (pointer.loads.length === 0 || pointer.indexVersion !== undefined) return undefined;
  const sources = await new DynamoSourceLibrary(client, tableName).allSources();
  const loadId = `catalogue-${now().toISOString()}`;
  await catalog.write(loadId, sources.map(metadataOf));
  await catalog.commit(loadId, { indexVersion: pointer.loads.at(-1) as string, sourceCount: sources.length });
  return sources.length;
};
