import type { FunctionName } from '../../infra/resources.ts';

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
  { method: 'GET', path: '/v1/search', function: 'public-read', summary: 'Full-text search of articles' },
  { method: 'GET', path: '/v1/reviewers', function: 'public-read', summary: 'The public advisory board' },
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
] as const satisfies readonly Route[];

/** The function behind API Gateway's `$default` route: it answers unknown routes (404) and wrong methods (405). */
export const DEFAULT_ROUTE_FUNCTION: FunctionName = 'public-read';

/** The API Gateway v2 route key, e.g. `GET /v1/questions/{id}`. */
export const routeKey = (route: Pick<Route, 'method' | 'path'>): string => `${route.method} ${route.path}`;
