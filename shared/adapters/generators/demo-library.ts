/** The demo reference library shipped with Vetted so the local generator works with no setup. */
import { readFile } from 'node:fs/promises';
import { parseSourcesJsonl, type Source } from '../../domain/source.ts';
import type { SourceLibrary } from '../../ports/draft-generator.ts';

/** Reads and validates demo-library.jsonl, which bundles must ship next to this module. */
export async function loadDemoLibrary(): Promise<Source[]> {
  const text = await readFile(new URL('./demo-library.jsonl', import.meta.url), 'utf8');
  return parseSourcesJsonl(text).sources;
}

/** A SourceLibrary over a fixed list of sources (the demo library, tests). */
export function staticSourceLibrary(sources: readonly Source[]): SourceLibrary {
  return { allSources: async () => [...sources] };
}
