/**
 * Reads one LanceDB index version. A container opens a version once and
 * keeps its table handles (LanceIndexReader caches the last one): opening
 * reads each table's manifest; the first query loads the index pages it
 * needs into the session cache, later ones hit it. Versions are immutable,
 * so no read ever checks for newer data (readConsistencyInterval unset).
 */
import type { SourceMetadata } from '../../domain/source.ts';
import type {
  IndexStatistics,
  Passage,
  PassageHit,
  SourceIndex,
  SourceProfile,
} from '../../ports/source-index.ts';
import { bestSources, PASSAGES_PER_SOURCE_SEARCHED } from '../in-memory-source-index.ts';
import { type Engine, loadEngine, sqlList, sqlString } from './engine.ts';
import {
  DEFAULT_INDEX_CACHE_BYTES,
  DEFAULT_METADATA_CACHE_BYTES,
  type LanceIndexLocation,
  mayExist,
  storageOptions,
  versionUri,
} from './location.ts';
import {
  listOf,
  PASSAGE_COLUMNS,
  PASSAGES_TABLE,
  PHRASE_SEPARATOR,
  SOURCES_TABLE,
  TERMS_TABLE,
} from './tables.ts';

type Connection = Awaited<ReturnType<Engine['lancedb']['connect']>>;
type Table = Awaited<ReturnType<Connection['openTable']>>;
type Row = Record<string, unknown>;

/** `IN (…)` lists are sent in chunks of this many values: one filter stays a small SQL text. */
const IN_LIST_CHUNK = 500;

/** Candidates per requested hit fetched from a vector index, re-ranked exactly. */
const VECTOR_REFINE_FACTOR = 10;

export class LanceIndexReader {
  private last: { version: string; index: Promise<LanceSourceIndex> } | undefined;
  private session: unknown;

  constructor(private readonly location: LanceIndexLocation) {}

  /** The index of `version`; the same instance while the version stays the same. */
  open(version: string): Promise<LanceSourceIndex> {
    if (this.last?.version === version) return this.last.index;
    const index = this.openVersion(version);
    const entry = { version, index };
    this.last = entry;
    // A failed open is not cached: the next call tries again.
    index.catch(() => {
      if (this.last === entry) this.last = undefined;
    });
    return index;
  }

  private async openVersion(version: string): Promise<LanceSourceIndex> {
    if (!mayExist(this.location, version)) throw new Error(`No index version "${version}"`);
    const engine = await loadEngine();
    // One session (its caches) for every version this reader opens: a switch does not double the cache.
    this.session ??= new engine.lancedb.Session(
      BigInt(this.location.indexCacheBytes ?? DEFAULT_INDEX_CACHE_BYTES),
      BigInt(DEFAULT_METADATA_CACHE_BYTES),
    );
    const db = await engine.lancedb.connect(versionUri(this.location, version), {
      storageOptions: storageOptions(this.location),
      session: this.session as InstanceType<Engine['lancedb']['Session']>,
    });
    const names = await db.tableNames();
    if (![PASSAGES_TABLE, SOURCES_TABLE, TERMS_TABLE].every((name) => names.includes(name))) {
      throw new Error(`No index version "${version}"`);
    }
    const [passages, sources, terms] = await Promise.all([
      db.openTable(PASSAGES_TABLE),
      db.openTable(SOURCES_TABLE),
      db.openTable(TERMS_TABLE),
    ]);
    const [passageCount, sourceCount, schema, sourceColumns] = await Promise.all([
      passages.countRows(),
      sources.countRows(),
      passages.schema(),
      sources.schema(),
    ]);
    const vectorField = schema.fields.find((field) => field.name === 'vector');
    const vectorDimensions = (vectorField?.type as { listSize?: number } | undefined)?.listSize;
    return new LanceSourceIndex(
      engine,
      { passages, sources, terms },
      {
        version,
        sources: sourceCount,
        passages: passageCount,
        ...(vectorDimensions === undefined ? {} : { vectorDimensions }),
      },
      // A version built before sources recorded their phrases has no such column.
      sourceColumns.fields.some((field) => field.name === 'phrases'),
    );
  }
}

export class LanceSourceIndex implements SourceIndex {
  constructor(
    private readonly engine: Engine,
    private readonly tables: { passages: Table; sources: Table; terms: Table },
    private readonly stats: IndexStatistics,
    private readonly hasPhrases: boolean,
  ) {}

  async statistics(): Promise<IndexStatistics> {
    return { ...this.stats };
  }

  async searchPassages(terms: readonly string[], limit: number): Promise<PassageHit[]> {
    const query = [...new Set(terms.filter((term) => term !== ''))];
    if (query.length === 0 || limit <= 0 || this.stats.passages === 0) return [];
    const { MatchQuery, Operator } = this.engine.lancedb;
    // A MatchQuery is not parsed (no query syntax to escape): its text goes
    // through the index's own whitespace tokenizer, and Or makes it "any term".
    const rows = await this.tables.passages
      .query()
      .fullTextSearch(new MatchQuery(query.join(' '), 'terms', { operator: Operator.Or }))
      .select([...PASSAGE_COLUMNS, '_score'])
      .limit(Math.floor(limit))
      .toArray();
    return rows.map((row: Row) => ({ passage: passageOf(row), score: Number(row._score) }));
  }

  async nearestPassages(vector: readonly number[], limit: number): Promise<PassageHit[]> {
    if (this.stats.vectorDimensions === undefined || limit <= 0 || this.stats.passages === 0) return [];
    if (vector.length !== this.stats.vectorDimensions) {
      throw new Error(
        `Query vector has ${vector.length} dimensions, the index ${this.stats.vectorDimensions}`,
      );
    }
    const rows = await this.tables.passages
      .query()
      .nearestTo([...vector])
      .column('vector')
      .distanceType('cosine')
      // With an IVF-PQ index the candidates are ranked on compressed vectors: re-rank them on the real ones.
      .refineFactor(VECTOR_REFINE_FACTOR)
      .select([...PASSAGE_COLUMNS, '_distance'])
      .limit(Math.floor(limit))
      .toArray();
    // Cosine distance is 1 − similarity: the port wants higher-is-better.
    return rows.map((row: Row) => ({ passage: passageOf(row), score: 1 - Number(row._distance) }));
  }

  async documentFrequencies(terms: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const frequencies = new Map<string, number>();
    for (const chunk of chunks([...new Set(terms)])) {
      const rows = await this.tables.terms
        .query()
        .where(`term IN ${sqlList(chunk)}`)
        .select(['term', 'df'])
        .toArray();
      for (const row of rows as Row[]) frequencies.set(String(row.term), Number(row.df));
    }
    return frequencies;
  }

  async profiles(sourceIds: readonly string[]): Promise<SourceProfile[]> {
    const profiles: SourceProfile[] = [];
    for (const chunk of chunks([...new Set(sourceIds)])) {
      const rows = await this.tables.sources
        .query()
        .where(`id IN ${sqlList(chunk)}`)
        .select(['metadata', 'titleTerms', 'terms', ...(this.hasPhrases ? ['phrases'] : [])])
        .toArray();
      for (const row of rows as Row[]) {
        profiles.push({
          source: JSON.parse(String(row.metadata)) as SourceMetadata,
          titleTerms: new Set(termsOf(row.titleTerms)),
          terms: new Set(termsOf(row.terms)),
          ...(typeof row.phrases === 'string'
            ? { phrases: new Set(row.phrases.split(PHRASE_SEPARATOR).filter((pair) => pair !== '')) }
            : {}),
        });
      }
    }
    return profiles;
  }

  async source(sourceId: string): Promise<{ source: SourceMetadata; passages: Passage[] } | undefined> {
    const [source] = (await this.tables.sources
      .query()
      .where(`id = ${sqlString(sourceId)}`)
      .select(['metadata'])
      .limit(1)
      .toArray()) as Row[];
    if (!source) return undefined;
    const rows = (await this.tables.passages
      .query()
      .where(`sourceId = ${sqlString(sourceId)}`)
      .select([...PASSAGE_COLUMNS])
      .toArray()) as Row[];
    const passages = rows.map(passageOf).sort((left, right) => left.position - right.position);
    return { source: JSON.parse(String(source.metadata)) as SourceMetadata, passages };
  }

  async searchSources(terms: readonly string[], limit: number): Promise<SourceMetadata[]> {
    if (limit <= 0) return [];
    if (terms.length === 0) {
      // The table is in title order and a plain scan keeps storage order.
      const rows = (await this.tables.sources
        .query()
        .select(['metadata'])
        .limit(Math.floor(limit))
        .toArray()) as Row[];
      return rows.map((row) => JSON.parse(String(row.metadata)) as SourceMetadata);
    }
    const hits = await this.searchPassages(terms, limit * PASSAGES_PER_SOURCE_SEARCHED);
    const ids = bestSources(hits, limit);
    const byId = new Map((await this.profiles(ids)).map((profile) => [profile.source.id, profile.source]));
    return ids.flatMap((id) => {
      const source = byId.get(id);
      return source ? [source] : [];
    });
  }
}

function passageOf(row: Row): Passage {
  return {
    id: String(row.id),
    sourceId: String(row.sourceId),
    position: Number(row.position),
    section: listOf(row.section).map(String),
    text: String(row.text),
  };
}

function termsOf(value: unknown): string[] {
  return String(value ?? '')
    .split(' ')
    .filter((term) => term !== '');
}

function chunks<T>(values: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += IN_LIST_CHUNK) {
    result.push(values.slice(start, start + IN_LIST_CHUNK));
  }
  return result;
}
