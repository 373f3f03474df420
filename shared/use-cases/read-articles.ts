import { type ArticleSummary, entityTag } from '../domain/article.ts';
import { toPublicVersion, withReviewCycle } from '../domain/article-serving.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Audience } from '../domain/question.ts';
import { type EdgeKind, type Graph, walkRelated } from '../domain/related-graph.ts';
import type { ReviewCycleSettings } from '../domain/review-cycle.ts';
import { queryTerms, rankSearch, type SearchHit } from '../domain/search-terms.ts';
import { isSlug } from '../domain/slug.ts';
import type { UpdateEntry } from '../domain/updates.ts';
import type { ArticleReader, ServedArticle } from '../ports/article-reader.ts';

/** The public reads (public-read λ), each a bounded number of eventually consistent requests. */
export interface ReadArticlesDeps {
  articles: ArticleReader;
  /** The reader's clock and the review cycle: an article's overdue notice is worked out as it is read. */
  now: () => Date;
  reviewCycle: ReviewCycleSettings;
}

const notFound = (slug: string) => new NotFoundError(`No published article ${slug}`);

/**
 * GET /v1/articles/{slug}: the live article for an audience, with its
 * stored ETag; one GetItem. 404 unless published and not retracted.
 * The review block's notices depend on the clock, so they are added here,
 * not stored: an article turns overdue without any write, and a cached copy
 * is at most its `max-age` + `stale-while-revalidate` late. When the notice
 * (or review dates derived for an article stored without them) makes the
 * body differ from the stored one, the ETag is taken of the body served.
 */
export const getArticle = async (
  deps: ReadArticlesDeps,
  slug: string,
  audience: Audience,
): Promise<ServedArticle> => {
  if (!isSlug(slug)) throw notFound(slug);
  const served = await deps.articles.readArticle(slug, audience);
  if (!served) throw notFound(slug);
  const { article, stale } = withReviewCycle(served.article, deps.reviewCycle, deps.now());
  return { article, etag: stale ? entityTag(article) : served.etag };
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

/**
 * GET /v1/updates: publications, revisions and retractions, newest first, with their change
 * summaries; one Query per page.
 */
export const listUpdates = async (
  deps: ReadArticlesDeps,
  input: { limit: number; cursor?: string; since?: string },
): Promise<{ items: UpdateEntry[]; nextCursor: string | null }> => {
  const page = await deps.articles.listUpdates(input);
  return { items: page.items, nextCursor: page.cursor ?? null };
};

/**
 * GET /v1/articles/{slug}/related: the graph `depth` hops around a live
 * article, at most `limit` nodes (articles first), following `kinds` of
 * edges. One GetItem, then one BatchGetItem per further hop: at most
 * `depth` requests.
 */
export const relatedGraph = async (
  deps: ReadArticlesDeps,
  slug: string,
  options: { depth: number; limit: number; kinds?: EdgeKind[] },
): Promise<Graph> => {
  if (!isSlug(slug)) throw notFound(slug);
  const start = await deps.articles.graphSource(slug);
  if (!start) throw notFound(slug);
  return walkRelated(start, options, (slugs) => deps.articles.graphSources(slugs));
};

/**
 * GET /v1/search: live articles ranked by the summed posting weights of the
 * query's terms; one Query per term (at most MAX_QUERY_TERMS).
 */
export const searchArticles = async (
  deps: ReadArticlesDeps,
  input: { q: string; limit: number },
): Promise<{ items: SearchHit[]; nextCursor: null }> => {
  const terms = queryTerms(input.q);
  if (terms.length === 0) return { items: [], nextCursor: null };
  const postings = await deps.articles.searchPostings(terms);
  return { items: rankSearch(postings, input.limit), nextCursor: null };
};
