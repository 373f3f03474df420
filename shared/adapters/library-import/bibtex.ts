/**
 * BibTeX and BibLaTeX files (Zotero, JabRef, Mendeley), read by citation-js
 * in BibLaTeX mode, which keeps `abstract` and `pmid` that plain BibTeX
 * mapping drops. The whole file is parsed at once (so @string macros work);
 * each entry's line is then found by its citation key.
 */
import { loadCitationJs } from '../citations/citation-js.ts';
import { type CslRecord, type PositionedRecord, sourcesFromRecords, unreadableFile } from './records.ts';

/** `@article{key,` at the start of an entry; @string, @preamble and @comment are not entries. */
const ENTRY_START = /^[ \t]*@(\w+)[ \t]*[{(][ \t]*([^,\s]*)/gm;
const NOT_ENTRIES = new Set(['string', 'preamble', 'comment']);

/** Each entry's citation key and first line, in file order. */
function entryStarts(content: string): Array<{ key: string; line: number }> {
  const starts: Array<{ key: string; line: number }> = [];
  for (const match of content.matchAll(ENTRY_START)) {
    const [, type = '', key = ''] = match;
    if (NOT_ENTRIES.has(type.toLowerCase())) continue;
    starts.push({ key, line: content.slice(0, match.index).split('\n').length });
  }
  return starts;
}

/**
 * A name in braces, `{World Health Organization}`, is an organisation:
 * citation-js gives it as a family name without a given one.
 */
const organisationsAsLiterals = (record: CslRecord): CslRecord =>
  Array.isArray(record.author)
    ? {
        ...record,
        author: record.author.map((name: Record<string, unknown>) =>
          name.given === undefined && typeof name.family === 'string' && /\s/.test(name.family)
            ? { literal: name.family }
            : name,
        ),
      }
    : record;

export async function parseBibtex(content: string): Promise<ReturnType<typeof sourcesFromRecords>> {
  const { Cite } = await loadCitationJs();
  let data: CslRecord[];
  try {
    ({ data } = await Cite.async(content.replace(/^\uFEFF/, ''), { forceType: '@biblatex/text' }));
  } catch (error) {
    throw unreadableFile('BibTeX', (error as Error).message.split('\n')[0] ?? 'unreadable');
  }
  if (data.length === 0) throw unreadableFile('BibTeX', 'no entry: a BibTeX entry starts with "@type{key,"');
  const starts = entryStarts(content);
  const records: PositionedRecord[] = data.map((record, index) => {
    // Entries come back in file order; should the count differ, the key finds the line.
    const start =
      starts.length === data.length
        ? starts[index]
        : starts.find((candidate) => candidate.key === record['citation-key']);
    return {
      position: start === undefined ? `record ${index + 1}` : `record ${index + 1} (line ${start.line})`,
      record: organisationsAsLiterals(record),
    };
  });
  return sourcesFromRecords(records);
}
