import { Bm25Index } from '../domain/bm25.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Source } from '../domain/source.ts';
import type { SourceLibrary } from '../ports/draft-generator.ts';

/** How much of a source's text a search result shows. */
export const EXCERPT_CHARS = 280;

export interface SourceSummary {
  id: string;
  title: string;
  publisher: string;
  year: number;
  url: string;
  excerpt: string;
}

const excerptOf = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT_CHARS) return flat;
  const cut = flat.slice(0, EXCERPT_CHARS);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : EXCERPT_CHARS)}…`;
};

const summaryOf = (source: Source): SourceSummary => ({
  id: source.id,
  title: source.title,
  publisher: source.publisher,
  year: source.year,
  url: source.url,
  excerpt: excerptOf(source.text),
});

// The library's adapter returns the same array until a new load is committed, so its index is built once per load.
const indexes = new WeakMap<readonly Source[], Bm25Index>();
const indexOf = (sources: readonly Source[]): Bm25Index => {
  let index = indexes.get(sources);
  if (!index) {
    index = new Bm25Index(
      sources.map((source) => ({
        id: source.id,
        text: `${source.title} ${source.publisher} ${source.text}`,
      })),
    );
    indexes.set(sources, index);
  }
  return index;
};

/**
 * The reference library as editors pick citations from it: best BM25 matches
 * of `q` first, or every source by title when `q` is absent.
 */
export const searchSources = async (
  library: SourceLibrary,
  options: { q?: string; limit: number },
): Promise<{ items: SourceSummary[] }> => {
  const sources = await library.allSources();
  if (!options.q) {
    const byTitle = [...sources].sort((a, b) => a.title.localeCompare(b.title));
    return { items: byTitle.slice(0, options.limit).map(summaryOf) };
  }
  const byId = new Map(sources.map((source) => [source.id, source]));
  const hits = indexOf(sources).search(options.q, options.limit);
  return {
    items: hits.flatMap((hit) => {
      const source = byId.get(hit.id);
      return source ? [summaryOf(source)] : [];
    }),
  };
};

/** One source with its full text (reviewers read the passage a claim came from). */
export const getSource = async (library: SourceLibrary, id: string): Promise<Source> => {
  const source = (await library.allSources()).find((candidate) => candidate.id === id);
  if (!source) throw new NotFoundError(`No source with id ${id} in the reference library`);
  return source;
};
