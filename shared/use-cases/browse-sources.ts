import { tokenize } from '../domain/bm25.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Source, SourceMetadata } from '../domain/source.ts';
import type { Passage, SourceIndex } from '../ports/source-index.ts';

/** How much of a source's text a search result shows. */
export const EXCERPT_CHARS = 280;

export type SourceSummary = SourceMetadata & { excerpt: string };

const excerptOf = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT_CHARS) return flat;
  const cut = flat.slice(0, EXCERPT_CHARS);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : EXCERPT_CHARS)}…`;
};

/** A source's passages back as one text, with their section headings, as an editor reads it. */
export const textOf = (passages: readonly Passage[]): string => {
  const parts: string[] = [];
  let section: string[] = [];
  for (const passage of passages) {
    passage.section.forEach((heading, depth) => {
      if (section[depth] !== heading) parts.push(`${'#'.repeat(depth + 2)} ${heading}`);
    });
    section = passage.section;
    parts.push(passage.text);
  }
  return parts.join('\n\n');
};

/**
 * The reference library as editors pick citations from it: the sources
 * whose passages match `q` best, or the first by title when `q` is absent.
 * Reads the committed index version: one search, then one lookup per
 * result for its excerpt (at most `limit`), whatever the library's size.
 */
export const searchSources = async (
  index: () => Promise<SourceIndex>,
  options: { q?: string; limit: number },
): Promise<{ items: SourceSummary[] }> => {
  const library = await index();
  const found = await library.searchSources(options.q ? tokenize(options.q) : [], options.limit);
  const items = await Promise.all(
    found.map(async (metadata) => {
      const source = await library.source(metadata.id);
      return { ...metadata, excerpt: excerptOf(source?.passages[0]?.text ?? '') };
    }),
  );
  return { items };
};

/** One source with its full text and its passages (reviewers read the passage a claim came from). */
export const getSource = async (
  index: () => Promise<SourceIndex>,
  id: string,
): Promise<Source & { passages: Pick<Passage, 'id' | 'section' | 'text'>[] }> => {
  const found = await (await index()).source(id);
  if (!found) throw new NotFoundError(`No source with id ${id} in the reference library`);
  return {
    ...found.source,
    text: textOf(found.passages),
    passages: found.passages.map(({ id: passageId, section, text }) => ({ id: passageId, section, text })),
  };
};
