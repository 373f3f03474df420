import { z } from 'zod';
import { DynamoArticleStore } from '../../shared/adapters/dynamodb/article-store.ts';
import { entityTag, ifNoneMatchMatches } from '../../shared/domain/article.ts';
import { AUDIENCES } from '../../shared/domain/question.ts';
import { MAX_DEPTH, MAX_GRAPH_NODES, MIN_DEPTH } from '../../shared/domain/related-graph.ts';
import { createApiHandler } from '../../shared/http/api-handler.ts';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';
import { requestBodySchemas } from '../../shared/http/request-schemas.ts';
import { parseOr400 } from '../../shared/http/validation.ts';
import { createLogger } from '../../shared/logging.ts';
import { lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import {
  getArticle,
  listArticles,
  listVersions,
  relatedGraph,
  searchArticles,
} from '../../shared/use-cases/read-articles.ts';

/** A whole number from a query string, in a range ("5", not "5.0", "5e0" or " 5"). */
const integerParam = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .default(fallback);

const listQuery = z.object({
  limit: integerParam(1, 100, 20),
  cursor: z.string().min(1).max(2048).optional(),
  topic: z.string().trim().min(1, 'must not be blank').max(200).optional(),
  updatedSince: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z' })
    .transform((value) => new Date(value).toISOString())
    .optional(),
});

const articleQuery = z.object({ audience: z.enum(AUDIENCES).default('clinician') });

const relatedQuery = z.object({
  depth: integerParam(MIN_DEPTH, MAX_DEPTH, 1),
  limit: integerParam(1, MAX_GRAPH_NODES, 20),
});

const searchQuery = z.object({
  q: z
    .string({ message: 'is required' })
    .max(200, 'must be at most 200 characters')
    .refine((q) => q.trim().length > 0, 'must not be blank'),
  limit: integerParam(1, 50, 20),
});

/** Readers may cache an article for a minute; revalidation with the ETag is cheap. */
const ARTICLE_CACHE_CONTROL = 'public, max-age=60';

export const createHandler = (platform: Platform) => {
  const openApi = buildOpenApiDocument(requestBodySchemas());
  const deps = { articles: new DynamoArticleStore(platform.dynamo, platform.config.tables.articles) };
  const slugOf = (pathParameters: Record<string, string>) => pathParameters.slug ?? '';

  return createApiHandler({
    logger: createLogger('public-read'),
    handlers: {
      'GET /health': async () => ({ statusCode: 200, body: { status: 'ok' } }),
      'GET /openapi.json': async () => ({ statusCode: 200, body: openApi }),
      'GET /v1/articles': async (request) => {
        const query = parseOr400(listQuery, request.query, 'query');
        return { statusCode: 200, body: await listArticles(deps, query) };
      },
      'GET /v1/articles/{slug}': async (request) => {
        const { audience } = parseOr400(articleQuery, request.query, 'query');
        const article = await getArticle(deps, slugOf(request.pathParameters), audience);
        const etag = entityTag(article);
        const headers = { etag, 'cache-control': ARTICLE_CACHE_CONTROL };
        if (ifNoneMatchMatches(request.headers['if-none-match'], etag)) return { statusCode: 304, headers };
        return { statusCode: 200, headers, body: article };
      },
      'GET /v1/articles/{slug}/versions': async (request) => ({
        statusCode: 200,
        body: await listVersions(deps, slugOf(request.pathParameters)),
      }),
      'GET /v1/articles/{slug}/related': async (request) => {
        const options = parseOr400(relatedQuery, request.query, 'query');
        return { statusCode: 200, body: await relatedGraph(deps, slugOf(request.pathParameters), options) };
      },
      'GET /v1/search': async (request) => {
        const query = parseOr400(searchQuery, request.query, 'query');
        return { statusCode: 200, body: await searchArticles(deps, query) };
      },
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform()));
