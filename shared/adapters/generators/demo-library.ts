/** The demo reference library shipped with Vetted so the local generator works with no setup. */
import { readFile } from 'node:fs/promises';
import { parseSourcesJsonl, type Source } from '../../domain/source.ts';

/** Reads and validates demo-library.jsonl, which bundles must ship next to this module. */
export async function loadDemoLibrary(): Promise<Source[]> {
  const text = await readFile(new URL('./demo-library.jsonl', import.meta.url), 'utf8');
  return parseSourcesJsonl(text).sources;
}
