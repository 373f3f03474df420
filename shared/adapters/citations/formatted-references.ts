/** The loader's step that gives every source its AMA reference (`formatted`), once, at load time. */

import { MAX_FORMATTED_CHARS } from '../../domain/reference-fields.ts';
import type { Source } from '../../domain/source.ts';
import { formatAma } from './ama.ts';

/**
 * The sources with `formatted` set to their AMA reference; a value the file
 * gave is replaced, so every reference follows the one style. A reference
 * too long to store (only absurd metadata gets there) is left out rather
 * than cut mid-reference.
 */
export async function withFormattedReferences(sources: readonly Source[]): Promise<Source[]> {
  const references = await formatAma(sources);
  return sources.map(({ formatted: _ignored, ...source }) => {
    const formatted = references.get(source.id);
    return formatted && formatted.length <= MAX_FORMATTED_CHARS ? { ...source, formatted } : source;
  });
}
