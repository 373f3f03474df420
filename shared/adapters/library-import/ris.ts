/**
 * RIS, as EndNote (and most databases) export it. The file is cut into
 * records here, so each is reported by its number and first line; each
 * record is read by citation-js's RIS plugin. Two tags citation-js leaves
 * out are read directly: `ID` (the record's id) and `AN` when it is a PubMed
 * id (EndNote's accession number for PubMed records).
 */
import { loadCitationJs } from '../citations/citation-js.ts';
import { type PositionedRecord, sourcesFromRecords, unreadableFile } from './records.ts';

const TAG = /^([A-Z][A-Z0-9]) {2}-(?: (.*))?$/;

interface RawRecord {
  firstLine: number;
  lines: string[];
  tags: Map<string, string>;
  ended: boolean;
}

function splitRecords(content: string): RawRecord[] {
  const records: RawRecord[] = [];
  let current: RawRecord | undefined;
  content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, index) => {
      const tag = TAG.exec(line.trimEnd());
      if (tag?.[1] === 'TY') {
        current = { firstLine: index + 1, lines: [], tags: new Map(), ended: false };
        records.push(current);
      }
      if (!current || current.ended) return;
      current.lines.push(line);
      if (tag?.[1] === 'ER') current.ended = true;
      else if (tag?.[1] && !current.tags.has(tag[1])) current.tags.set(tag[1], (tag[2] ?? '').trim());
    });
  return records;
}

export async function parseRis(content: string): Promise<ReturnType<typeof sourcesFromRecords>> {
  const raw = splitRecords(content);
  if (raw.length === 0) throw unreadableFile('RIS', 'no record: a RIS record starts with a "TY  - " line');
  const { Cite } = await loadCitationJs();
  const records: PositionedRecord[] = [];
  for (const [index, record] of raw.entries()) {
    const position = `record ${index + 1} (line ${record.firstLine})`;
    if (!record.ended) {
      records.push({ position, record: {}, unreadable: 'the record has no "ER  - " end line' });
      continue;
    }
    const [csl] = (await Cite.async(record.lines.join('\n'), { forceType: '@ris/file' })).data;
    const accession = record.tags.get('AN');
    records.push({
      position,
      record: {
        ...csl,
        id: record.tags.get('ID'),
        ...(csl?.PMID === undefined && accession && /^\d{1,9}$/.test(accession) ? { PMID: accession } : {}),
      },
    });
  }
  return sourcesFromRecords(records);
}
