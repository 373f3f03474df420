/** CSL-JSON, as Zotero and Mendeley export a library: an array of items. */
import { type CslRecord, type PositionedRecord, sourcesFromRecords, unreadableFile } from './records.ts';

export function parseCslJson(content: string): ReturnType<typeof sourcesFromRecords> {
  let json: unknown;
  try {
    json = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw unreadableFile('CSL-JSON', `invalid JSON: ${(error as Error).message}`);
  }
  // Some tools write a single item rather than a list of one.
  const items = Array.isArray(json) ? json : typeof json === 'object' && json !== null ? [json] : undefined;
  if (!items) throw unreadableFile('CSL-JSON', 'expected an array of CSL-JSON items');
  const records: PositionedRecord[] = items.map((item, index) => ({
    position: `record ${index + 1}`,
    record: typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as CslRecord) : {},
  }));
  return sourcesFromRecords(records);
}
