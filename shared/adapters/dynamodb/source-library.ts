import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Source } from '../../domain/source.ts';
import type { SourceLibrary } from '../../ports/draft-generator.ts';

/**
 * INTERIM, until the search index (shared/ports/source-index.ts) replaces
 * it: the sources' full texts in the sources table, for the two readers
 * that still need whole texts, the draft generator and the editors' source
 * search and detail. Nothing on the publish gate's path reads these items:
 * the gate resolves cited ids in the catalogue (library-catalog.ts).
 *
 *   SRC#<id>   LOAD#<loadId>   a source's text, as one load wrote it
 *
 * Visible once the catalogue pointer commits the load; a source id loaded
 * again: the newest committed load wins. Delete this adapter, its items and
 * the sources table's `scan` grants when the generator and browse-sources
 * read the index.
 */
const POINTER_KEY = { pk: 'LIBRARY', sk: 'POINTER' };
const BATCH_SIZE = 25;

export class DynamoSourceLibrary implements SourceLibrary {
  private cache: { version: string; sources: Source[] } | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Reads the pointer on every call (one small GetItem) and rescans only when a load was committed since. */
  async allSources(): Promise<Source[]> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: POINTER_KEY, ConsistentRead: true }),
    );
    const loads = (Item?.loads as string[] | undefined) ?? [];
    const version = loads.join(',');
    if (this.cache?.version === version) return this.cache.sources;
    const rank = new Map(loads.map((load, index) => [load, index]));
    const newest = new Map<string, { rank: number; source: Source }>();
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey }));
      for (const item of page.Items ?? []) {
        const loadRank = rank.get(item.loadId as string);
        if (!String(item.sk).startsWith('LOAD#') || loadRank === undefined) continue;
        const current = newest.get(item.id as string);
        if (!current || current.rank < loadRank)
          newest.set(item.id as string, { rank: loadRank, source: toSource(item) });
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    const sources = [...newest.values()].map(({ source }) => source).sort((a, b) => a.id.localeCompare(b.id));
    this.cache = { version, sources };
    return sources;
  }

  /** Writes every source's text under load `loadId`; the catalogue's commit makes them visible. */
  async writeFullTexts(loadId: string, sources: readonly Source[]): Promise<void> {
    for (let start = 0; start < sources.length; start += BATCH_SIZE) {
      let requests = sources.slice(start, start + BATCH_SIZE).map((source) => ({
        PutRequest: {
          Item: { pk: `SRC#${source.id}`, sk: `LOAD#${loadId}`, entity: 'source-text', loadId, ...source },
        },
      }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error('DynamoDB kept refusing part of a batch of sources');
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const result = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }
}

const toSource = (item: Record<string, unknown>): Source => {
  const { pk: _pk, sk: _sk, entity: _entity, loadId: _loadId, ...source } = item;
  return source as Source;
};

/**
 * The interim BuildLibraryIndex (see commitLibraryLoad): the load's full
 * texts written as LOAD# items, index version = load id. The LanceDB
 * SourceIndexBuilder replaces it.
 */
export const fullTextItemsAsIndex =
  (library: DynamoSourceLibrary) =>
  async (build: { version: string; sources: readonly Source[] }): Promise<{ sources?: number }> => {
    await library.writeFullTexts(build.version, build.sources);
    return {};
  };
