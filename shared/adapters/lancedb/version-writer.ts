import { compareByTitle, indexSource } from '../../domain/indexed-source.ts';
import type { Source } from '../../domain/source.ts';
import type { Passage } from '../../ports/source-index.ts';
import { BatchedTable, type Connection, type Schema, type Table } from './batched-table.ts';
import type { LanceBuilderOptions } from './builder.ts';
import { type Engine, sqlList } from './engine.ts';
import {
  listOf,
  PASSAGE_COLUMNS,
  PASSAGES_TABLE,
  type PassageRow,
  PHRASE_SEPARATOR,
  passageSchema,
  SOURCES_TABLE,
  type SourceRow,
  sourceSchema,
  TERMS_TABLE,
  type TermRow,
  termSchema,
} from './tables.ts';

/** Up to this many replaced sources, the base's passages are filtered by the engine (one `NOT IN` list). */
const MAX_FILTERED_IDS = 5000;

/**
 * The FTS tokenizer does nothing but split on whitespace: the terms column
 * holds tokenize() output already, and the query side analyses with the same
 * function, so any stemming, stop words or folding here would analyse twice.
 * Tokens longer than max_token_length are silently dropped (default 40):
 * raised past the longest possible term (a passage is at most 901 chars).
 */
const FTS_OPTIONS = {
  baseTokenizer: 'whitespace',
  lowercase: false,
  stem: false,
  removeStopWords: false,
  asciiFolding: false,
  withPosition: false,
  maxTokenLength: 1024,
} as const;

export interface BaseTables {
  passages: Table;
  sources: Table;
  vectorDimensions?: number;
}

/** Writes one index version: the base's rows it keeps, the new sources, then the indexes. */
export class VersionWriter {
  private readonly passages: BatchedTable<PassageRow>;
  /** Passages waiting for their vectors, with their rows. */
  private pending: { passage: Passage; row: PassageRow }[] = [];
  private vectorDimensions: number | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly db: Connection,
    private readonly options: Required<LanceBuilderOptions>,
    private readonly embed: ((passages: readonly Passage[]) => Promise<number[][]>) | undefined,
  ) {
    this.passages = new BatchedTable(
      engine.arrow,
      db,
      PASSAGES_TABLE,
      () => passageSchema(engine.arrow, this.vectorDimensions) as unknown as Schema,
      options.writeBatchRows,
    );
  }

  async write(sources: readonly Source[], base: BaseTables | undefined) {
    // Copies of the base keep their vectors only when this version is embedded too.
    const reuseVectors = this.embed !== undefined && base?.vectorDimensions !== undefined;
    if (reuseVectors) this.vectorDimensions = base?.vectorDimensions;

    const latest = new Map<string, Source>();
    for (const source of sources) latest.set(source.id, source);
    const added: SourceRow[] = [];
    for (const source of latest.values()) {
      const indexed = indexSource(source);
      for (const { passage, terms } of indexed.passages) await this.addPassage(passage, terms);
      added.push({
        id: source.id,
        title: source.title,
        metadata: JSON.stringify(indexed.metadata),
        titleTerms: indexed.titleTerms.join(' '),
        terms: indexed.terms.join(' '),
        phrases: indexed.phrases.join(PHRASE_SEPARATOR),
      });
    }

    if (base) await this.copyBasePassages(base, latest, reuseVectors);
    await this.embedPending();
    const passages = await this.passages.finish();

    const { sourceCount, documentFrequencies } = await this.writeSources(added, base);
    const terms = new BatchedTable<TermRow>(
      this.engine.arrow,
      this.db,
      TERMS_TABLE,
      () => termSchema(this.engine.arrow) as unknown as Schema,
      50_000,
    );
    for (const [term, df] of documentFrequencies) await terms.push({ term, df });
    const termTable = await terms.finish();

    await this.createIndexes(passages, termTable);
    return { sources: sourceCount, passages: this.passages.count };
  }

  /**
   * The base's passages but the replaced sources'. When their columns carry
   * over as they are (no embedding, or vectors kept), Arrow batches go from
   * the base straight into the new table, filtered by the engine: no row
   * becomes a JavaScript object. Otherwise (a base without vectors for an
   * embedded version, or more replaced ids than one filter should list)
   * rows are read one by one.
   */
  private async copyBasePassages(
    base: BaseTables,
    replaced: ReadonlyMap<string, unknown>,
    reuseVectors: boolean,
  ) {
    const columnsCarryOver = this.embed === undefined || reuseVectors;
    if (columnsCarryOver && replaced.size <= MAX_FILTERED_IDS) {
      const columns = [...PASSAGE_COLUMNS, 'terms', ...(reuseVectors ? ['vector'] : [])];
      let query = base.passages.query().select(columns);
      if (replaced.size > 0) query = query.where(`sourceId NOT IN ${sqlList([...replaced.keys()])}`);
      for await (const batch of query) await this.passages.pushBatch(batch);
      return;
    }
    for await (const row of readRows(base.passages)) {
      const sourceId = String(row.sourceId);
      if (replaced.has(sourceId)) continue;
      const passage: Passage = {
        id: String(row.id),
        sourceId,
        position: Number(row.position),
        section: listOf(row.section).map(String),
        text: String(row.text),
      };
      if (reuseVectors)
        await this.passages.push({
          ...passage,
          terms: String(row.terms),
          vector: listOf(row.vector).map(Number),
        });
      else await this.addPassage(passage, String(row.terms));
    }
  }

  private async addPassage(passage: Passage, terms: string): Promise<void> {
    const row: PassageRow = { ...passage, terms };
    if (!this.embed) {
      await this.passages.push(row);
      return;
    }
    this.pending.push({ passage, row });
    if (this.pending.length >= this.options.embedBatchSize) await this.embedPending();
  }

  private async embedPending(): Promise<void> {
    if (!this.embed || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const vectors = await this.embed(batch.map((entry) => entry.passage));
    if (vectors.length !== batch.length) {
      throw new Error(`embed returned ${vectors.length} vectors for ${batch.length} passages`);
    }
    for (const [index, { row }] of batch.entries()) {
      const vector = vectors[index] ?? [];
      this.vectorDimensions ??= vector.length;
      if (vector.length === 0 || vector.length !== this.vectorDimensions) {
        throw new Error(
          `embed returned a vector of ${vector.length} dimensions, expected ${this.vectorDimensions}`,
        );
      }
      if (!vector.every(Number.isFinite)) throw new Error(`embed returned a non-finite vector for ${row.id}`);
      await this.passages.push({ ...row, vector });
    }
  }

  /**
   * The sources table in title order: the base's rows are in title order
   * already (written by this code), so they are streamed and merged with the
   * new rows; the document frequencies are counted on the way.
   */
  private async writeSources(added: SourceRow[], base: BaseTables | undefined) {
    added.sort(compareByTitle);
    const replaced = new Set(added.map((row) => row.id));
    const table = new BatchedTable<SourceRow>(
      this.engine.arrow,
      this.db,
      SOURCES_TABLE,
      () => sourceSchema(this.engine.arrow),
      4096,
    );
    const documentFrequencies = new Map<string, number>();
    const write = async (row: SourceRow) => {
      for (const term of row.terms.split(' ')) {
        if (term !== '') documentFrequencies.set(term, (documentFrequencies.get(term) ?? 0) + 1);
      }
      await table.push(row);
    };
    let next = 0;
    if (base) {
      for await (const raw of readRows(base.sources)) {
        const row: SourceRow = {
          id: String(raw.id),
          title: String(raw.title),
          metadata: String(raw.metadata),
          titleTerms: String(raw.titleTerms),
          terms: String(raw.terms),
          phrases: typeof raw.phrases === 'string' ? raw.phrases : null,
        };
        if (replaced.has(row.id)) continue;
        while (next < added.length && compareByTitle(added[next] as SourceRow, row) < 0) {
          await write(added[next] as SourceRow);
          next += 1;
        }
        await write(row);
      }
    }
    for (; next < added.length; next++) await write(added[next] as SourceRow);
    const sources = await table.finish();
    if (table.count > 0) await sources.createIndex('id', { config: this.engine.lancedb.Index.btree() });
    return { sourceCount: table.count, documentFrequencies };
  }

  private async createIndexes(passages: Table, terms: Table): Promise<void> {
    const { Index } = this.engine.lancedb;
    const passageCount = this.passages.count;
    if (passageCount > 0) {
      await passages.createIndex('terms', { config: Index.fts(FTS_OPTIONS) });
      await passages.createIndex('sourceId', { config: Index.btree() });
      if (this.vectorDimensions !== undefined && passageCount >= this.options.vectorIndexMinRows) {
        await passages.createIndex('vector', {
          config: Index.ivfPq({
            distanceType: 'cosine',
            numPartitions: Math.max(1, Math.round(Math.sqrt(passageCount))),
          }),
        });
      }
    }
    if ((await terms.countRows()) > 0) await terms.createIndex('term', { config: Index.btree() });
  }
}

/** Every row of a table, batch by batch, in storage order. */
async function* readRows(table: Table): AsyncGenerator<Record<string, unknown>> {
  for await (const batch of table.query()) {
    for (const row of batch) yield row as unknown as Record<string, unknown>;
  }
}
