import { describe, expect, it } from 'vitest';
import {
  CORS_RULES,
  isAllowedOrigin,
  LOCAL_DEFAULT_CORS_ORIGINS,
  parseCorsOrigins,
} from '../../shared/http/cors.ts';
import { routes } from '../../shared/http/routes.ts';

describe('CORS rules', () => {
  it('reads CORS_ORIGINS as a comma-separated list, blank as unset', () => {
    expect(parseCorsOrigins(' https://a.example, https://b.example/ ,')).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(parseCorsOrigins('')).toBeUndefined();
    expect(parseCorsOrigins(undefined)).toBeUndefined();
  });

  it('allows exact origins, `*`, and a `*` port on the local defaults, nothing else', () => {
    expect(isAllowedOrigin('http://localhost:5173', LOCAL_DEFAULT_CORS_ORIGINS)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:8080', LOCAL_DEFAULT_CORS_ORIGINS)).toBe(true);
    expect(isAllowedOrigin('http://localhost', LOCAL_DEFAULT_CORS_ORIGINS)).toBe(false);
    expect(isAllowedOrigin('http://localhost.evil.example:80', LOCAL_DEFAULT_CORS_ORIGINS)).toBe(false);
    expect(isAllowedOrigin('http://localhost:5173/x', LOCAL_DEFAULT_CORS_ORIGINS)).toBe(false);
    expect(isAllowedOrigin('http://localhost:80.evil.example', LOCAL_DEFAULT_CORS_ORIGINS)).toBe(false);
    expect(isAllowedOrigin('https://ui.example.org', ['https://*.example.org'])).toBe(true);
    expect(isAllowedOrigin('https://a.b.example.org', ['https://*.example.org'])).toBe(false);
    expect(isAllowedOrigin('https://localhost:5173', LOCAL_DEFAULT_CORS_ORIGINS)).toBe(false);
    expect(isAllowedOrigin('https://app.example', ['https://app.example'])).toBe(true);
    expect(isAllowedOrigin('https://app.example.evil', ['https://app.example'])).toBe(false);
    expect(isAllowedOrigin('https://anything.example', ['*'])).toBe(true);
    expect(isAllowedOrigin(undefined, ['*'])).toBe(false);
  });

  it('allows every method of the route table and the headers the API reads', () => {
    for (const route of routes) expect(CORS_RULES.allowMethods).toContain(route.method);
    expect(CORS_RULES.allowHeaders).toEqual([
      'authorization',
      'content-type',
      'idempotency-key',
      'if-none-match',
    ]);
    expect(CORS_RULES.exposeHeaders).toEqual([
      'etag',
      'location',
      'retry-after',
      'ratelimit',
      'ratelimit-policy',
    ]);
  });
});
