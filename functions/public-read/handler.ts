import { createDocumentClient } from '../../shared/adapters/aws-clients.ts';
import { compositionRoot } from '../../shared/composition/root.ts';
import { articleReader, reviewers } from '../../shared/composition/tables.ts';
import { createApiHandler } from '../../shared/http/api-handler.ts';
import { articleQuery, listQuery } from '../../shared/http/contracts/requests/articles.ts';
import { querySchemas, requestBodySchemas } from '../../shared/http/contracts/requests/index.ts';
import { relatedQuery, searchQuery } from '../../shared/http/contracts/requests/related-and-search.ts';
import { updatesQuery } from '../../shared/http/contracts/requests/updates.ts';
import { ifNoneMatchMatches } from '../../shared/http/etag.ts';
import type { OpenApiDocument } from '../../shared/http/openapi.ts';
import { reply } from '../../shared/http/reply.ts';
import { parseOr400 } from '../../shared/http/validation.ts';
import { createLogger } from '../../shared/logging.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import {
  getArticle,
  listArticles,
  listUpdates,
  listVersions,
  relatedGraph,
  searchArticles,
} from '../../shared/use-cases/read-articles.ts';
import { listAdvisoryBoard } from '../../shared/use-cases/reviewer-profiles.ts';

/**
 * Caching that fits a CDN: an article for a minute (revalidation with its
 * ETag is one GetItem; a retraction invalidates the CDN's copy), a graph
 * for half a minute, lists and search results briefly, as they change with
 * every publication. Stale copies may be served while one is refetched.
 * Responses vary by Origin once the API answers CORS requests.
 */
export const CACHE_CONTROL = {
  article: 'public, max-age=60, stale-while-revalidate=30',
  versions: 'public, max-age=60, stale-while-revalidate=30',
  related: 'public, max-age=30, stale-while-revalidate=30',
  list: 'public, max-age=10, stale-while-revalidate=20',
  search: 'public, max-age=10, stale-while-revalidate=20',
} as const;

const cacheable = (policy: keyof typeof CACHE_CONTROL) => ({
  'cache-control': CACHE_CONTROL[policy],
  vary: 'Origin',
});

/** The SDK clients this function uses: its tables, the queues it sends to, the bus it publishes on. */
export const platformClients: ClientFactories<'dynamo'> = {
  dynamo: createDocumentClient,
};

export const createHandler = (platform: Platform<'dynamo'>) => {
  // Built on its first request, not at init: the response schemas and their JSON Schema
  // conversion are loaded only by the container that serves the document.
  let openApi: Promise<OpenApiDocument> | undefined;
  const openApiDocument = () =>
    (openApi ??= import('../../shared/http/openapi.ts').then(({ buildOpenApiDocument }) =>
      buildOpenApiDocument(requestBodySchemas(), querySchemas()),
    ));
  const root = compositionRoot(platform);
  const deps = {
    articles: articleReader(root),
    now: platform.now,
    reviewCycle: platform.config.reviewCycle,
  };
  const board = { reviewers: reviewers(root) };
  const slugOf = (pathParameters: Record<string, string>) => pathParameters.slug ?? '';

  return createApiHandler({
    function: 'public-read',
    logger: createLogger('public-read'),
    handlers: {
      'GET /health': async () => reply('GET /health', 200, { status: 'ok' }),
      'GET /openapi.json': async () => reply('GET /openapi.json', 200, await openApiDocument()),
      'GET /v1/articles': async (request) => {
        const query = parseOr400(listQuery, request.query, 'query');
        return reply('GET /v1/articles', 200, await listArticles(deps, query), cacheable('list'));
      },
      'GET /v1/articles/{slug}': async (request) => {
        const { audience } = parseOr400(articleQuery, request.query, 'query');
        const { article, etag } = await getArticle(deps, slugOf(request.pathParameters), audience);
        const headers = { etag, ...cacheable('article') };
        if (ifNoneMatchMatches(request.headers['if-none-match'], etag)) {
          return reply('GET /v1/articles/{slug}', 304, undefined, headers);
        }
        return reply('GET /v1/articles/{slug}', 200, article, headers);
      },
      'GET /v1/articles/{slug}/versions': async (request) =>
        reply(
          'GET /v1/articles/{slug}/versions',
          200,
          await listVersions(deps, slugOf(request.pathParameters)),
          cacheable('versions'),
        ),
      'GET /v1/articles/{slug}/related': async (request) => {
        const options = parseOr400(relatedQuery, request.query, 'query');
        return reply(
          'GET /v1/articles/{slug}/related',
          200,
          await relatedGraph(deps, slugOf(request.pathParameters), options),
          cacheable('related'),
        );
      },
      'GET /v1/search': async (request) => {
        const query = parseOr400(searchQuery, request.query, 'query');
        return reply('GET /v1/search', 200, await searchArticles(deps, query), cacheable('search'));
      },
      'GET /v1/updates': async (request) => {
        const query = parseOr400(updatesQuery, request.query, 'query');
        return reply('GET /v1/updates', 200, await listUpdates(deps, query), cacheable('list'));
      },
      'GET /v1/reviewers': async () =>
        reply('GET /v1/reviewers', 200, await listAdvisoryBoard(board), cacheable('versions')),
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
