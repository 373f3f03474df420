/**
 * CSL-JSON records, whatever format they came from, into library sources:
 * the one mapping every import format shares, and its all-or-nothing report.
 */
import { fieldErrorsFromZod } from '../../domain/draft.ts';
import { type FieldError, ValidationError } from '../../domain/errors.ts';
import { type Person, type Source, sourceSchema } from '../../domain/source.ts';

/** A CSL-JSON item as exports write it: only the fields read here are typed. */
export type CslRecord = Record<string, unknown>;

/** A record and where it is in its file, as errors name it: "record 3" or "record 3 (line 41)". */
export interface PositionedRecord {
  position: string;
  record: CslRecord;
  /** Why the record could not be read as a record of its format at all; reported, never mapped. */
  unreadable?: string;
}

/** A note starting with this (case aside) holds the full text in RIS (N1) and BibTeX (note) files. */
const FULL_TEXT_NOTE = /^\s*full text:\s*/i;
const MAX_AUTHORS = 100;

const str = (value: unknown): string | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

const usableId = (value: unknown): string | undefined => {
  const id = str(value);
  return id !== undefined && id.length <= 200 && /^\S+$/.test(id) ? id : undefined;
};

/** "https://doi.org/10.1/x", "doi:10.1/x" and "10.1/x" are the same DOI. */
export const normalisedDoi = (value: unknown): string | undefined =>
  str(value)?.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '');

const yearOf = (issued: unknown): number | undefined => {
  if (typeof issued !== 'object' || issued === null) return undefined;
  const { 'date-parts': parts, literal, raw } = issued as Record<string, unknown>;
  const first = Array.isArray(parts) && Array.isArray(parts[0]) ? parts[0][0] : undefined;
  const year = first ?? /\b\d{4}\b/.exec(str(literal) ?? str(raw) ?? '')?.[0];
  const number = Number(year);
  return year !== undefined && Number.isInteger(number) ? number : undefined;
};

const personOf = (name: unknown): Person | undefined => {
  if (typeof name !== 'object' || name === null) return undefined;
  const fields = name as Record<string, unknown>;
  const literal = str(fields.literal);
  if (literal !== undefined) return { literal };
  // Particles belong to the family name as AMA prints it: "van der Berg A".
  const family = [str(fields['non-dropping-particle']), str(fields.family)].filter(Boolean).join(' ');
  const given = str(fields.given);
  if (family === '') return given === undefined ? undefined : { literal: given };
  return given === undefined ? { family } : { family, given };
};

const authorsOf = (record: CslRecord): Person[] | undefined => {
  if (!Array.isArray(record.author)) return undefined;
  // Consortium papers list hundreds of authors; AMA prints at most 6, the library keeps 100.
  const authors = record.author
    .map(personOf)
    .filter((person): person is Person => person !== undefined)
    .slice(0, MAX_AUTHORS);
  return authors.length > 0 ? authors : undefined;
};

const fullTextOf = (record: CslRecord): string | undefined => {
  const text = str(record.text);
  if (text !== undefined) return text;
  const note = str(record.note);
  return note !== undefined && FULL_TEXT_NOTE.test(note) ? str(note.replace(FULL_TEXT_NOTE, '')) : undefined;
};

const firstLiteralAuthor = (authors: Person[] | undefined): string | undefined => {
  const first = authors?.[0];
  return first && 'literal' in first ? first.literal : undefined;
};

interface Mapped {
  candidate: Record<string, unknown>;
  /** Problems of the derived fields, by field; the schema's own complaints about them are dropped. */
  problems: Map<string, string>;
}

function mapRecord(record: CslRecord): Mapped {
  const problems = new Map<string, string>();
  const authors = authorsOf(record);
  const doi = normalisedDoi(record.DOI);
  const pmid = str(record.PMID);
  const id =
    usableId(record['citation-key']) ??
    usableId(record.id) ??
    (pmid !== undefined ? `pmid-${pmid}` : undefined) ??
    (doi !== undefined ? `doi-${doi.replaceAll('/', '-')}` : undefined);
  if (id === undefined)
    problems.set('id', 'no usable id: give the record an id (a citation key), a PMID or a DOI');
  const title = str(record.title);
  if (title === undefined) problems.set('title', 'no title');
  const publisher = str(record.publisher) ?? str(record['container-title']) ?? firstLiteralAuthor(authors);
  if (publisher === undefined) {
    problems.set(
      'publisher',
      'no publisher: give a publisher, a journal (container-title) or an organisation as author',
    );
  }
  const year = yearOf(record.issued);
  if (year === undefined) problems.set('year', 'no year of publication (issued)');
  const url =
    str(record.URL) ??
    (doi !== undefined ? `https://doi.org/${doi}` : undefined) ??
    (pmid !== undefined ? `https://pubmed.ncbi.nlm.nih.gov/${pmid}/` : undefined);
  if (url === undefined) problems.set('url', 'no link: give a URL, a DOI or a PMID');
  const text = fullTextOf(record) ?? str(record.abstract);
  if (text === undefined) {
    problems.set(
      'text',
      'no text: give the full text (a "Full text:" note or a CSL "text" field) or an abstract',
    );
  }
  const candidate = {
    id,
    title,
    publisher,
    year,
    url,
    authors,
    // AMA cites journals by their abbreviation; the full name stays the publisher's fallback.
    container: str(record['container-title-short']) ?? str(record['container-title']),
    volume: str(record.volume),
    issue: str(record.issue),
    pages: str(record.page),
    doi,
    pmid,
    text,
  };
  return {
    candidate: Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined)),
    problems,
  };
}

/**
 * Every record as a Source, or one ValidationError naming every bad record
 * by position (`{ path: "record 2 (line 14)", message: "title: no title" }`)
 * and every duplicate id with the position of its first use.
 */
export function sourcesFromRecords(records: readonly PositionedRecord[]): { sources: Source[] } {
  const sources: Source[] = [];
  const errors: FieldError[] = [];
  const firstPositionOfId = new Map<string, string>();
  for (const { position, record, unreadable } of records) {
    if (unreadable !== undefined) {
      errors.push({ path: position, message: unreadable });
      continue;
    }
    const { candidate, problems } = mapRecord(record);
    for (const [field, message] of problems) errors.push({ path: position, message: `${field}: ${message}` });
    const parsed = sourceSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of fieldErrorsFromZod(parsed.error)) {
        if (!problems.has(issue.path.split('.')[0] ?? '')) {
          errors.push({ path: position, message: `${issue.path}: ${issue.message}` });
        }
      }
    }
    if (problems.size > 0 || !parsed.success) continue;
    const first = firstPositionOfId.get(parsed.data.id);
    if (first !== undefined) {
      errors.push({ path: position, message: `duplicate id "${parsed.data.id}" (first at ${first})` });
      continue;
    }
    firstPositionOfId.set(parsed.data.id, position);
    sources.push(parsed.data);
  }
  if (errors.length > 0) {
    throw new ValidationError(`The library file has ${errors.length} error(s); nothing was loaded`, errors);
  }
  if (sources.length === 0) {
    throw new ValidationError('The library file holds no sources', [
      { path: 'file', message: 'expected at least one record' },
    ]);
  }
  return { sources };
}

/** A file that cannot be read as its format at all: one error with the parser's reason. */
export const unreadableFile = (format: string, reason: string): ValidationError =>
  new ValidationError(`The library file is not valid ${format}; nothing was loaded`, [
    { path: 'file', message: reason },
  ]);
