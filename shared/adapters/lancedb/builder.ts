/**
 * Writes LanceDB index versions. A version is a database of its own at
 * `<root>/<version>`, written once and never modified: readers of an older
 * version are never disturbed, and switching versions is opening another
 * id. A build on top of a base copies the base's rows (streamed in batches:
 * the base's texts are never all on the heap) except the sources being
 * replaced, adds the new sources, then builds the indexes.
 */
import { INDEX_VERSION_PATTERN } from '../../domain/indexed-source.ts';
import type { SourceIndexBuilder } from '../../ports/source-index.ts';
import type { Connection } from './batched-table.ts';
import { loadEngine } from './engine.ts';
import { type LanceIndexLocation, mayExist, storageOptions, versionUri } from './location.ts';
import { PASSAGES_TABLE, SOURCES_TABLE } from './tables.ts';
import { type BaseTables, VersionWriter } from './version-writer.ts';

export interface LanceBuilderOptions {
  /**
   * Below this many passages the vector search scans every vector (exact,
   * and at that size fast enough); from here an IVF-PQ index is trained.
   */
  vectorIndexMinRows?: number;
  /** Passages per embed() call. */
  embedBatchSize?: number;
  /** Rows per append: each append is one fragment (file) of the table. */
  writeBatchRows?: number;
}

const DEFAULTS: Required<LanceBuilderOptions> = {
  vectorIndexMinRows: 100_000,
  embedBatchSize: 256,
  writeBatchRows: 20_000,
};

export class LanceSourceIndexBuilder implements SourceIndexBuilder {
  private readonly options: Required<LanceBuilderOptions>;

  constructor(
    private readonly location: LanceIndexLocation,
    options: LanceBuilderOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async build(
    request: Parameters<SourceIndexBuilder['build']>[0],
  ): Promise<{ sources: number; passages: number }> {
    const { version, base, sources, embed } = request;
    if (!INDEX_VERSION_PATTERN.test(version)) throw new Error(`Invalid index version id "${version}"`);
    if (base === version) throw new Error('An index version cannot be built on top of itself');
    const engine = await loadEngine();
    const connect = (id: string) =>
      engine.lancedb.connect(versionUri(this.location, id), {
        storageOptions: storageOptions(this.location),
      });

    if (base !== undefined && !mayExist(this.location, base)) throw new Error(`No index version "${base}"`);
    const baseTables = base === undefined ? undefined : await openBase(await connect(base), base);
    const target = await connect(version);
    if ((await target.tableNames()).length > 0) throw new Error(`Index version "${version}" exists already`);

    try {
      return await new VersionWriter(engine, target, this.options, embed).write(sources, baseTables);
    } catch (error) {
      // The half-written version is never read (its id was not committed); removing it lets a retry reuse the id.
      await target.dropAllTables().catch(() => undefined);
      throw error;
    }
  }
}

async function openBase(db: Connection, base: string): Promise<BaseTables> {
  const names = await db.tableNames();
  if (!names.includes(SOURCES_TABLE) || !names.includes(PASSAGES_TABLE)) {
    throw new Error(`No index version "${base}"`);
  }
  const passages = await db.openTable(PASSAGES_TABLE);
  const vectorField = (await passages.schema()).fields.find((field) => field.name === 'vector');
  const dimensions = (vectorField?.type as { listSize?: number } | undefined)?.listSize;
  return {
    passages,
    sources: await db.openTable(SOURCES_TABLE),
    ...(dimensions === undefined ? {} : { vectorDimensions: dimensions }),
  };
}
