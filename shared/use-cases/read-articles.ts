import {
  type Article,
  type ArticleSummary,
  type RelatedLink,
  toPublicArticle,
  toPublicVersion,
} from '../domain/article.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Audience } from '../domain/question.ts';
import { type Graph, type GraphNode, type OutgoingEdge, walkRelated } from '../domain/related-graph.ts';
import { queryTerms } from '../domain/search-terms.ts';
import { isSlug } from '../domain/slug.ts';
import type { ArticleStore, SearchHit } from '../ports/article-store.ts';

/** The public reads (public-read λ). Query and GetItem only, through the ArticleStore. */
export interface ReadArticlesDeps {
  articles: ArticleStore;
}

/** How many related articles an article lists. */
export const RELATED_LINKS = 5;

const notFound = (slug: string) => new NotFoundError(`No published article ${slug}`);

/** Article edges out of `slug` whose far end is live now, with current titles, strongest first. */
const liveArticleEdges = async (deps: ReadArticlesDeps, slug: string): Promise<OutgoingEdge[]> => {
  const edges = await deps.articles.listEdges(slug);
  const targets = edges.flatMap((edge) => (edge.to.kind === 'article' && edge.to.slug ? [edge.to.slug] : []));
  const live = targets.length > 0 ? await deps.articles.liveRefs(targets) : new Map();
  return edges.flatMap((edge): OutgoingEdge[] => {
    if (edge.to.kind !== 'article') return [{ kind: edge.kind, weight: edge.weight, to: edge.to }];
    const ref = edge.to.slug ? live.get(edge.to.slug) : undefined;
    if (!ref) return [];
    return [
      {
        kind: edge.kind,
        weight: edge.weight,
        to: { id: ref.id, slug: ref.slug, title: ref.title, kind: 'article' },
      },
    ];
  });
};

const relatedLinks = (edges: OutgoingEdge[]): RelatedLink[] => {
  const links: RelatedLink[] = [];
  const seen = new Set<string>();
  const sorted = [...edges].sort((a, b) => b.weight - a.weight);
  for (const edge of sorted) {
    if (edge.to.kind !== 'article' || !edge.to.slug || seen.has(edge.to.slug)) continue;
    seen.add(edge.to.slug);
    links.push({ slug: edge.to.slug, title: edge.to.title });
    if (links.length >= RELATED_LINKS) break;
  }
  return links;
};

/** GET /v1/articles/{slug}: the live article for an audience; 404 unless published and not retracted. */
export const getArticle = async (
  deps: ReadArticlesDeps,
  slug: string,
  audience: Audience,
): Promise<Article> => {
  if (!isSlug(slug)) throw notFound(slug);
  const [live, edges] = await Promise.all([deps.articles.getLive(slug), liveArticleEdges(deps, slug)]);
  if (!live) throw notFound(slug);
  return toPublicArticle(live, audience, relatedLinks(edges));
};

export interface ListArticlesInput {
  limit: number;
  cursor?: string;
  topic?: string;
  updatedSince?: string;
}

/** GET /v1/articles: live articles, most recently updated first. */
export const listArticles = async (
  deps: ReadArticlesDeps,
  input: ListArticlesInput,
): Promise<{ items: ArticleSummary[]; nextCursor: string | null }> => {
  const topic = input.topic === undefined ? [] : queryTerms(input.topic);
  if (input.topic !== undefined && topic.length === 0) {
    throw new ValidationError('The topic has no searchable words', [
      { path: 'topic', message: 'must contain at least one word that is not a stop word' },
    ]);
  }
  const page = await deps.articles.listLive({
    limit: input.limit,
    topicTerms: topic,
    ...(input.cursor !== undefined ? { cursor: input.cursor } : {}),
    ...(input.updatedSince !== undefined ? { updatedSince: input.updatedSince } : {}),
  });
  return { items: page.items, nextCursor: page.cursor ?? null };
};

/**
 * GET /v1/articles/{slug}/versions: the version history, oldest first. A
 * retracted article keeps its history (200), its last entry carrying
 * `retractedAt` and `retractionReason`; a slug never published is 404.
 */
export const listVersions = async (deps: ReadArticlesDeps, slug: string) => {
  if (!isSlug(slug)) throw notFound(slug);
  const versions = await deps.articles.listVersions(slug);
  if (versions.length === 0) throw notFound(slug);
  return { items: versions.map(toPublicVersion), nextCursor: null };
};

/** GET /v1/articles/{slug}/related: the graph `depth` hops around a live article, at most `limit` nodes. */
export const relatedGraph = async (
  deps: ReadArticlesDeps,
  slug: string,
  options: { depth: number; limit: number },
): Promise<Graph> => {
  if (!isSlug(slug)) throw notFound(slug);
  const live = await deps.articles.getLive(slug);
  if (!live) throw notFound(slug);
  const start: GraphNode = { id: live.id, slug: live.slug, title: live.title, kind: 'article' };
  return walkRelated(start, options, (node) =>
    node.slug ? liveArticleEdges(deps, node.slug) : Promise.resolve([]),
  );
};

/** GET /v1/search: live articles ranked by the summed posting weights of the query's terms. */
export const searchArticles = async (
  deps: ReadArticlesDeps,
  input: { q: string; limit: number },
): Promise<{ items: Omit<SearchHit, 'id' | 'question' | 'version' | 'publishedAt'>[]; nextCursor: null }> => {
  const terms = queryTerms(input.q);
  const hits = terms.length === 0 ? [] : await deps.articles.search(terms, input.limit);
  return {
    items: hits.map(({ slug, title, bottomLine, lastUpdated, score }) => ({
      slug,
      title,
      bottomLine,
      lastUpdated,
      score,
    })),
    nextCursor: null,
  };
};
