/**
 * The links of an article about to be published (publish-article): its similarity vector against
 * the live corpus, the articles it lists, and those it stops listing, which must drop their link back.
 */
import { type ArticleLinks, linkedSlugs, SIMILAR_TOP_K } from '../domain/article-links.ts';
import { similarArticles } from '../domain/related-graph.ts';
import {
  type CorpusStats,
  type SearchableContent,
  similarityTermCounts,
  type TermWeight,
  tfIdfVector,
} from '../domain/search-terms.ts';
import type { ArticlePublications } from '../ports/article-publications.ts';
import type { LiveArticle } from '../ports/live-articles.ts';

/**
 * The similarity vector and links of an article about to be published: its
 * TF-IDF vector against the live corpus, its k most similar live articles
 * (above the minimum similarity), its parent when it follows one up, and
 * the follow-ups its previous version had.
 */
export const linksAtPublication = async (
  publications: Pick<ArticlePublications, 'corpusStats' | 'similarityPostings' | 'getLive'>,
  input: { slug: string; content: SearchableContent; live?: LiveArticle; parentSlug?: string },
): Promise<{ similarity: TermWeight[]; links: ArticleLinks }> => {
  const { slug, live, parentSlug } = input;
  const counts = similarityTermCounts(input.content);
  const [corpus, parent] = await Promise.all([
    publications.corpusStats([...counts.keys()]),
    parentSlug ? publications.getLive(parentSlug) : Promise.resolve(undefined),
  ]);
  // A live article is in the statistics already; the vector counts the article itself.
  const similarity = tfIdfVector(counts, live ? withoutSelf(corpus, live) : corpus);
  const postings = await publications.similarityPostings(similarity.map(({ term }) => term));
  const links: ArticleLinks = {
    similar: similarArticles({ slug }, similarity, postings, SIMILAR_TOP_K),
    ...(parent ? { parent: { slug: parent.slug, id: parent.id, title: parent.title } } : {}),
    followUps: live?.links.followUps ?? [],
  };
  return { similarity, links };
};

/** Pending unlinks kept across versions, at most this many. */
const MAX_UNLINKS = 4 * SIMILAR_TOP_K;

/**
 * Articles the previous version listed that the new one does not list, or no longer lists in every
 * way it did (a similar neighbour that is only the parent now), and those it still had to unlink:
 * their links back that the new version does not mirror must go (propagate-article re-derives them).
 * A republication after a retraction starts from the articles that listed the retracted version.
 */
export const unlinksAfter = (
  previous: LiveArticle | undefined,
  links: ArticleLinks,
  listedWhenRetracted: string[] = [],
): string[] => {
  // Republished after a retraction: whoever listed the retracted version (its clean-up may not have run).
  if (!previous) return listedWhenRetracted.slice(0, MAX_UNLINKS);
  const kept = new Set(linkedSlugs(links));
  const weakened = linkedSlugs(previous.links).filter((slug) => !listsAsBefore(previous.links, links, slug));
  const dropped = linkedSlugs(previous.links).filter((slug) => !kept.has(slug));
  // Still pending from an earlier version (its propagation may not have run): kept whatever this one lists.
  return [...new Set([...weakened, ...dropped, ...(previous.unlinks ?? [])])].slice(0, MAX_UNLINKS);
};

/** Whether `next` lists `slug` in every way `before` did (similar, parent, follow-up). */
const listsAsBefore = (before: ArticleLinks, next: ArticleLinks, slug: string): boolean => {
  const ways = (links: ArticleLinks) => [
    links.similar.some((link) => link.slug === slug),
    links.parent?.slug === slug,
    links.followUps.some((link) => link.slug === slug),
  ];
  const [was, is] = [ways(before), ways(next)];
  return was.every((listed, i) => !listed || is[i]);
};

/** Corpus statistics without a live article's own terms, for working out its next version's vector. */
const withoutSelf = (corpus: CorpusStats, live: LiveArticle): CorpusStats => {
  const own = new Set(live.similarity.map(({ term }) => term));
  return {
    articles: Math.max(0, corpus.articles - 1),
    documentFrequency: new Map(
      [...corpus.documentFrequency].map(([term, df]) => [term, own.has(term) ? Math.max(0, df - 1) : df]),
    ),
  };
};
