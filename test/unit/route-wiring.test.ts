import { describe, expect, it } from 'vitest';
import type { RouteHandler } from '../../shared/http/api-handler.ts';
import { type HandlersIn, type Route, type RouteKeyIn, routeKey, routes } from '../../shared/http/routes.ts';

/*
 * The route wiring is checked by the compiler (`tsc --noEmit` runs before the
 * tests): each `@ts-expect-error` below must stay an error, or tsc fails.
 * A fixed table keeps the test independent of the routes the API grows.
 */
const table = [
  { method: 'POST', path: '/v1/questions', function: 'questions-api', summary: 'Ask' },
  { method: 'GET', path: '/v1/questions/{id}', function: 'questions-api', summary: 'Status' },
  { method: 'GET', path: '/health', function: 'public-read', summary: 'Liveness' },
] as const satisfies readonly Route[];

const ok: RouteHandler = async () => ({ statusCode: 200 });

describe('route handlers keyed by the route table', () => {
  it('accepts exactly the routes of a function', () => {
    const handlers: HandlersIn<typeof table, 'questions-api', RouteHandler> = {
      'POST /v1/questions': ok,
      'GET /v1/questions/{id}': ok,
    };
    const keys: RouteKeyIn<typeof table, 'questions-api'>[] = [
      'POST /v1/questions',
      'GET /v1/questions/{id}',
    ];
    expect(Object.keys(handlers).sort()).toEqual(
      table
        .filter((route) => route.function === 'questions-api')
        .map(routeKey)
        .sort(),
    );
    expect(keys).toHaveLength(2);
  });

  it('refuses a handler for a route that does not exist, one of another function and a route without a handler', () => {
    const extra: HandlersIn<typeof table, 'questions-api', RouteHandler> = {
      'POST /v1/questions': ok,
      'GET /v1/questions/{id}': ok,
      // @ts-expect-error: no such route in the table
      'GET /v1/questions/{id}/nope': ok,
    };
    // @ts-expect-error: 'GET /v1/questions/{id}' has no handler
    const missing: HandlersIn<typeof table, 'questions-api', RouteHandler> = { 'POST /v1/questions': ok };
    const otherFunction: HandlersIn<typeof table, 'public-read', RouteHandler> = {
      'GET /health': ok,
      // @ts-expect-error: a route of another function
      'POST /v1/questions': ok,
    };
    expect([extra, missing, otherFunction].every((handlers) => typeof handlers === 'object')).toBe(true);
  });

  it('the real route table has no duplicate route keys', () => {
    const keys = routes.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
