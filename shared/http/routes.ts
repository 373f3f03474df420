import type { FunctionName } from '../function-names.ts';

export type Role = 'reviewer' | 'editor' | 'admin';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route {
  method: HttpMethod;
  /** API Gateway v2 path syntax: `{name}` is a path parameter. */
  path: string;
  function: FunctionName;
  /** Role a caller's token must carry; absent for public routes. */
  role?: Role;
  summary: string;
}

/**
 * The one route table: the CDK HttpApi, the local HTTP server and the
 * OpenAPI document are all generated from it.
 */
export const routes = [
  { method: 'POST', path: '/v1/questions', function: 'questions-api', summary: 'Ask a question' },
  { method: 'GET', path: '/v1/questions/{id}', function: 'questions-api', summary: 'Status of a question' },
  {
    method: 'GET',
    path: '/v1/questions/{id}/answer',
    function: 'questions-api',
    summary: "The asker's answer: the draft pending review, or where the reviewed article is",
  },
  { method: 'GET', path: '/v1/articles', function: 'public-read', summary: 'Published articles' },
  { method: 'GET', path: '/v1/articles/{slug}', function: 'public-read', summary: 'A published article' },
  {
    method: 'GET',
    path: '/v1/articles/{slug}/versions',
    function: 'public-read',
    summary: 'Published version history',
  },
  {
    method: 'GET',
    path: '/v1/articles/{slug}/related',
    function: 'public-read',
    summary: 'Related-question graph',
  },
  {
    method: 'POST',
    path: '/v1/articles/{slug}/feedback',
    function: 'questions-api',
    summary: 'Report a problem with an article (seen by reviewers only)',
  },
  { method: 'GET', path: '/v1/search', function: 'public-read', summary: 'Full-text search of articles' },
  { method: 'GET', path: '/v1/reviewers', function: 'public-read', summary: 'The public advisory board' },
  {
    method: 'GET',
    path: '/v1/updates',
    function: 'public-read',
    summary: 'What changed: publications, revisions and retractions, newest first',
  },
  { method: 'GET', path: '/openapi.json', function: 'public-read', summary: 'OpenAPI 3.1 document' },
  { method: 'GET', path: '/health', function: 'public-read', summary: 'Liveness' },
  {
    method: 'GET',
    path: '/v1/review/queue',
    function: 'review-api',
    role: 'reviewer',
    summary: 'Questions awaiting review',
  },
  {
    method: 'GET',
    path: '/v1/review/questions/{id}',
    function: 'review-api',
    role: 'reviewer',
    summary: 'A question with revisions, decisions and audit trail',
  },
  {
    method: 'POST',
    path: '/v1/review/questions/{id}/decisions',
    function: 'review-api',
    role: 'reviewer',
    summary: 'Decide on a revision',
  },
  {
    method: 'PUT',
    path: '/v1/review/questions/{id}/draft',
    function: 'review-api',
    role: 'editor',
    summary: "Submit an editor's revision",
  },
  {
    method: 'GET',
    path: '/v1/review/sources',
    function: 'review-api',
    role: 'reviewer',
    summary: 'Search the reference library',
  },
  {
    method: 'GET',
    path: '/v1/review/sources/{id}',
    function: 'review-api',
    role: 'reviewer',
    summary: 'A reference-library source with its full text',
  },
  {
    method: 'GET',
    path: '/v1/review/profile',
    function: 'review-api',
    role: 'reviewer',
    summary: "The caller's own reviewer profile",
  },
  {
    method: 'PUT',
    path: '/v1/review/profile',
    function: 'review-api',
    role: 'reviewer',
    summary: "Edit one's own affiliation and disclosures",
  },
  {
    method: 'GET',
    path: '/v1/review/feedback',
    function: 'review-api',
    role: 'reviewer',
    summary: 'Reader feedback, oldest first',
  },
  {
    method: 'POST',
    path: '/v1/review/feedback/{id}/resolution',
    function: 'review-api',
    role: 'reviewer',
    summary: 'Resolve reader feedback',
  },
  {
    method: 'POST',
    path: '/v1/admin/questions/{id}/retry',
    function: 'review-api',
    role: 'admin',
    summary: 'Re-enqueue a failed question',
  },
  {
    method: 'DELETE',
    path: '/v1/admin/articles/{slug}',
    function: 'review-api',
    role: 'admin',
    summary: 'Retract a published article',
  },
  {
    method: 'POST',
    path: '/v1/admin/sources/{id}/withdrawal',
    function: 'review-api',
    role: 'admin',
    summary: 'Withdraw a library source: notices on and re-reviews of the live articles citing it',
  },
  {
    method: 'GET',
    path: '/v1/admin/reviewers',
    function: 'review-api',
    role: 'admin',
    summary: 'Reviewer profiles, with their token subjects',
  },
  {
    method: 'PUT',
    path: '/v1/admin/reviewers/{subject}',
    function: 'review-api',
    role: 'admin',
    summary: "Create or replace a reviewer's public profile",
  },
  {
    method: 'POST',
    path: '/v1/admin/webhooks',
    function: 'review-api',
    role: 'admin',
    summary: 'Register a webhook endpoint (its secret is shown once)',
  },
  {
    method: 'GET',
    path: '/v1/admin/webhooks',
    function: 'review-api',
    role: 'admin',
    summary: 'Webhook endpoints',
  },
  {
    method: 'GET',
    path: '/v1/admin/webhooks/{id}/deliveries',
    function: 'review-api',
    role: 'admin',
    summary: "A webhook endpoint's recent delivery attempts",
  },
  {
    method: 'POST',
    path: '/v1/admin/webhooks/{id}/rotation',
    function: 'review-api',
    role: 'admin',
    summary: "Rotate a webhook endpoint's signing secret",
  },
  {
    method: 'DELETE',
    path: '/v1/admin/webhooks/{id}',
    function: 'review-api',
    role: 'admin',
    summary: 'Delete a webhook endpoint',
  },
  { method: 'GET', path: '/console', function: 'console', summary: 'The reviewer console (HTML)' },
  {
    method: 'GET',
    path: '/console/{asset}',
    function: 'console',
    summary: "The reviewer console's script, stylesheet and sign-in settings",
  },
] as const satisfies readonly Route[];

/** The function behind API Gateway's `$default` route: it answers unknown routes (404) and wrong methods (405). */
export const DEFAULT_ROUTE_FUNCTION: HttpFunctionName = 'public-read';

/**
 * Routes anyone may call that write something (asking): the ones the per-client rate limit
 * (RATE_LIMIT_PER_MINUTE) counts together.
 */
export const isAnonymousWrite = (route: Pick<Route, 'method'> & { role?: Role }): boolean =>
  route.method !== 'GET' && route.role === undefined;

/** The API Gateway v2 route key, e.g. `GET /v1/questions/{id}`. */
export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;

type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string }
  ? `${M} ${P}`
  : never;

/** The functions that serve routes: each must have an HTTP handler in every runtime. */
export type HttpFunctionName = (typeof routes)[number]['function'];

/** The route keys a function serves in a route table. */
export type RouteKeyIn<Table extends readonly Route[], F extends FunctionName> = KeyOf<
  Extract<Table[number], { function: F }>
>;

/** The route keys of the route table a function serves, e.g. `RouteKey<'questions-api'>`. */
export type RouteKey<F extends FunctionName = FunctionName> = RouteKeyIn<typeof routes, F>;

/** One handler per route a function serves in a route table, by route key. */
export type HandlersIn<Table extends readonly Route[], F extends FunctionName, Handler> = {
  [K in RouteKeyIn<Table, F>]: Handler;
};

/**
 * One handler per route of a function, keyed by the route table's own keys:
 * a handler for a route that does not exist (or belongs to another function)
 * and a route of the function without a handler are both type errors.
 */
export type RouteHandlers<F extends FunctionName, Handler> = HandlersIn<typeof routes, F, Handler>;
