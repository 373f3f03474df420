import { type DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Source } from '../../domain/source.ts';

/**
 * The reference library as data directories from before the search index
 * kept it: full texts in the sources table, one item per source and load,
 *
 *   SRC#<id>   LOAD#<loadId>   a source's text, as one load wrote it
 *
 * read once, at start, to build their first index version
 * (infra/local/library-load.ts, migrateLegacyLibrary). Nothing else reads
 * these items, and nothing writes them any more.
 */
const POINTER_KEY = { pk: 'LIBRARY', sk: 'POINTER' };

export class LegacyFullTextLibrary {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Every committed source, the newest committed load's text of each: a whole-table Scan. */
  async allSources(): Promise<Source[]> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: POINTER_KEY, ConsistentRead: true }),
    );
    const loads = (Item?.loads as string[] | undefined) ?? [];
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
    return [...newest.values()].map(({ source }) => source).sort((a, b) => a.id.localeCompare(b.id));
  }
}

const toSource = (item: Record<string, unknown>): Source => {
  const { pk: _pk, sk: _sk, entity: _entity, loadId: _loadId, ...source } = item;
  return source as Source;
};
