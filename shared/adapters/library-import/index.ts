/**
 * Reads a reference-library file in the format its extension names:
 * `.jsonl` (Vetted's own, one source per line), `.json` (CSL-JSON: Zotero,
 * Mendeley), `.ris` (EndNote and most databases), `.bib` (BibTeX/BibLaTeX)
 * and `.xml` (PubMed/MEDLINE XML). All or nothing: every bad record is
 * reported in one ValidationError and no source is returned.
 */
import { extname } from 'node:path';
import { ValidationError } from '../../domain/errors.ts';
import type { FileWithdrawal } from '../../domain/library-withdrawals.ts';
import { parseSourcesJsonl, type Source } from '../../domain/source.ts';
import { parseBibtex } from './bibtex.ts';
import { parseCslJson } from './csl-json.ts';
import { parsePubmedXml } from './pubmed-xml.ts';
import { parseRis } from './ris.ts';

/** A file's sources, and the withdrawals its records mark (JSONL's `withdrawn` field). */
export interface LibraryFile {
  sources: Source[];
  withdrawals?: FileWithdrawal[];
}

const READERS: Record<string, (content: string) => LibraryFile | Promise<LibraryFile>> = {
  '.jsonl': parseSourcesJsonl,
  '.json': parseCslJson,
  '.ris': parseRis,
  '.bib': parseBibtex,
  '.xml': parsePubmedXml,
};

export const LIBRARY_FILE_EXTENSIONS = Object.keys(READERS);

export async function parseLibraryFile(fileName: string, content: string): Promise<LibraryFile> {
  const extension = extname(fileName).toLowerCase();
  const read = READERS[extension];
  if (!read) {
    throw new ValidationError(`Cannot read ${fileName}: unknown library file type`, [
      {
        path: 'file',
        message: `the extension "${extension || '(none)'}" is not one of ${LIBRARY_FILE_EXTENSIONS.join(', ')}`,
      },
    ]);
  }
  return read(content);
}
