import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Source } from '../../domain/source.ts';
import type { SourceLibrary } from '../../ports/draft-generator.ts';
import type { LibrarySourceIds } from '../../ports/library-source-ids.ts';

/**
 * The reference library in the sources table. A load writes its sources
 * under its own load id and becomes visible only when its id is appended to
 * the LIBRARY pointer, so a load that fails half-way leaves nothing behind
 * that readers can see. A source id loaded again: the newest load wins.
 *
 *   SRC#<id>   LOAD#<loadId>   a source, as one load wrote it
 *   LIBRARY    POINTER         loads: committed load ids, oldest first
 */
const POINTER_KEY = { pk: 'LIBRARY', sk: 'POINTER' };
const BATCH_SIZE = 25;

export class DynamoSourceLibrary implements SourceLibrary, LibrarySourceIds {
  private cache: { version: string; sources: Source[] } | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Committed load ids; empty when nothing was ever loaded. */
  async committedLoads(): Promise<string[]> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: POINTER_KEY, ConsistentRead: true }),
    );
    return (Item?.loads as string[] | undefined) ?? [];
  }

  /** Reads the pointer on every call (one small GetItem) and rescans only when a load was committed since. */
  async allSources(): Promise<Source[]> {
    const loads = await this.committedLoads();
    const version = loads.join(',');
    if (this.cache?.version === version) return this.cache.sources;
    const rank = new Map(loads.map((load, index) => [load, index]));
    const newest = new Map<string, { rank: number; source: Source }>();
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey }));
      for (const item of page.Items ?? []) {
        const loadRank = rank.get(item.loadId as string);
        if (item.entity !== 'source' || loadRank === undefined) continue;
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

  /**
   * The ids of committed sources, uncached: a Scan that reads only the id, load and entity attributes,
   * so it stays small however long the sources' texts are (callers cache: see cached-source-ids.ts).
   */
  async sourceIds(): Promise<ReadonlySet<string>> {
    const committed = new Set(await this.committedLoads());
    const ids = new Set<string>();
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          ProjectionExpression: '#id, loadId, entity',
          ExpressionAttributeNames: { '#id': 'id' },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.entity === 'source' && committed.has(item.loadId as string)) ids.add(item.id as string);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return ids;
  }

  /** Writes every source, then commits the load; `onProgress` hears how many are written. */
  async load(
    loadId: string,
    sources: Source[],
    onProgress: (written: number) => void = () => undefined,
  ): Promise<void> {
    for (let start = 0; start < sources.length; start += BATCH_SIZE) {
      let requests = sources.slice(start, start + BATCH_SIZE).map((source) => ({
        PutRequest: {
          Item: { pk: `SRC#${source.id}`, sk: `LOAD#${loadId}`, entity: 'source', loadId, ...source },
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
      onProgress(Math.min(start + BATCH_SIZE, sources.length));
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: POINTER_KEY,
        UpdateExpression: 'SET loads = list_append(if_not_exists(loads, :none), :load)',
        ExpressionAttributeValues: { ':none': [], ':load': [loadId] },
      }),
    );
  }
}

const toSource = (item: Record<string, unknown>): Source => ({
  id: item.id as string,
  title: item.title as string,
  publisher: item.publisher as string,
  year: item.year as number,
  url: item.url as string,
  text: item.text as string,
});
