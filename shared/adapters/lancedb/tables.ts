/**
 * The three tables of an index version and their Arrow schemas. Rows are
 * written once by LanceSourceIndexBuilder and only read afterwards.
 *
 * - `passages`: one row per passage; FTS (BM25) index on `terms`, btree on `sourceId`.
 * - `sources`: one row per source, in title order; btree on `id`.
 * - `terms`: one row per analysed term with the number of sources using it; btree on `term`.
 */
import type { Arrow } from './engine.ts';

export const PASSAGES_TABLE = 'passages';
export const SOURCES_TABLE = 'sources';
export const TERMS_TABLE = 'terms';

export interface PassageRow {
  id: string;
  sourceId: string;
  position: number;
  section: string[];
  text: string;
  /** Analysed terms, space-separated: what the FTS index reads. */
  terms: string;
  vector?: number[];
}

export interface SourceRow {
  id: string;
  title: string;
  /** The SourceMetadata as JSON, every field kept, so a newer metadata field needs no schema change. */
  metadata: string;
  /** Unique analysed terms of the title, space-separated. */
  titleTerms: string;
  /** Unique analysed terms of the whole source, space-separated. */
  terms: string;
  /**
   * Its adjacent term pairs (phrasesOf() in shared/domain/indexed-source.ts), comma-separated; null
   * for a source copied from a version built before they were recorded.
   */
  phrases: string | null;
}

/** Phrases hold a space; analysed terms never hold a comma. */
export const PHRASE_SEPARATOR = ',';

export interface TermRow {
  term: string;
  df: number;
}

export const PASSAGE_COLUMNS = ['id', 'sourceId', 'position', 'section', 'text'] as const;

export function passageSchema(arrow: Arrow, vectorDimensions?: number) {
  const { Field, FixedSizeList, Float32, Int32, List, Schema, Utf8 } = arrow;
  const fields: InstanceType<Arrow['Field']>[] = [
    new Field('id', new Utf8(), false),
    new Field('sourceId', new Utf8(), false),
    new Field('position', new Int32(), false),
    new Field('section', new List(new Field('item', new Utf8(), true)), false),
    new Field('text', new Utf8(), false),
    new Field('terms', new Utf8(), false),
  ];
  if (vectorDimensions !== undefined) {
    fields.push(
      new Field('vector', new FixedSizeList(vectorDimensions, new Field('item', new Float32(), true)), false),
    );
  }
  return new Schema(fields);
}

export function sourceSchema(arrow: Arrow) {
  const { Field, Schema, Utf8 } = arrow;
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('title', new Utf8(), false),
    new Field('metadata', new Utf8(), false),
    new Field('titleTerms', new Utf8(), false),
    new Field('terms', new Utf8(), false),
    new Field('phrases', new Utf8(), true),
  ]);
}

export function termSchema(arrow: Arrow) {
  const { Field, Int32, Schema, Utf8 } = arrow;
  return new Schema([new Field('term', new Utf8(), false), new Field('df', new Int32(), false)]);
}

/** An Arrow list value (a Vector) or a plain array, as an array. */
export function listOf(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  return Array.from(value as Iterable<unknown>);
}
