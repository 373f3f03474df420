import { describe, expect, it } from 'vitest';
import { querySchemas, requestBodySchemas } from '../../shared/http/contracts/requests/index.ts';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';
import { routes } from '../../shared/http/routes.ts';

const document = buildOpenApiDocument(requestBodySchemas(), querySchemas());
type Operation = {
  operationId?: string;
  tags?: string[];
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }>; headers?: object }>;
  parameters?: { name: string; in: string; required: boolean }[];
  security?: unknown;
  requestBody?: unknown;
  'x-required-role'?: string;
};
const operation = (method: string, path: string) =>
  (document.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with one operation per route of the route table', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const route of routes)
      expect(operation(route.method, route.path), `${route.method} ${route.path}`).toBeDefined();
    const count = Object.values(document.paths).reduce(
      (sum, methods) => sum + Object.keys(methods).length,
      0,
    );
    expect(count).toBe(routes.length);
  });

  it('marks role routes as bearer-secured with their role, and public routes as open', () => {
    for (const route of routes) {
      const op = operation(route.method, route.path);
      if ('role' in route) {
        expect(op?.security).toEqual([{ bearer: [] }]);
        expect(op?.['x-required-role']).toBe(route.role);
      } else {
        expect(op?.security).toBeUndefined();
      }
    }
  });

  it('documents request bodies, path parameters and query parameters from the same schemas the handlers use', () => {
    expect(operation('POST', '/v1/questions')?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { required: ['question'] } } },
    });
    expect(operation('GET', '/v1/articles/{slug}/related')?.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'slug', in: 'path', required: true }),
        expect.objectContaining({ name: 'depth', in: 'query', required: false }),
      ]),
    );
    expect(operation('GET', '/v1/search')?.parameters).toContainEqual(
      expect.objectContaining({ name: 'q', in: 'query', required: true }),
    );
  });

  it('documents a numeric query parameter the same way on review routes as on public ones', () => {
    const limitOf = (path: string) =>
      (
        (operation('GET', path)?.parameters ?? []) as unknown as {
          name: string;
          schema: { pattern?: string };
        }[]
      ).find((parameter) => parameter.name === 'limit')?.schema;
    expect(limitOf('/v1/review/queue')?.pattern).toBeDefined();
    expect(limitOf('/v1/review/queue')?.pattern).toBe(limitOf('/v1/articles')?.pattern);
    expect(limitOf('/v1/review/sources')?.pattern).toBe(limitOf('/v1/search')?.pattern);
  });

  it('gives every operation an operationId, a tag, a success response with a named schema, and problems', () => {
    const ids = new Set<string>();
    for (const route of routes) {
      const op = operation(route.method, route.path);
      expect(op?.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      ids.add(op?.operationId ?? '');
      expect(op?.tags).toEqual(['role' in route ? (route.role === 'admin' ? 'admin' : 'review') : 'public']);
      const statuses = Object.keys(op?.responses ?? {});
      const success = statuses.filter((status) => /^2/.test(status));
      expect(success.length, `${route.method} ${route.path}`).toBeGreaterThan(0);
      for (const status of success) {
        if (route.function === 'console') {
          // The console serves its page and assets (text), not API JSON.
          expect(Object.keys(op?.responses[status]?.content ?? {}).length, route.path).toBeGreaterThan(0);
          continue;
        }
        if (status === '204') {
          // No content is what 204 means.
          expect(op?.responses[status]?.content, `${route.method} ${route.path}`).toBeUndefined();
          continue;
        }
        expect(op?.responses[status]?.content?.['application/json']?.schema.$ref).toMatch(
          /^#\/components\/schemas\/\w+$/,
        );
      }
      if ('role' in route) expect(statuses).toEqual(expect.arrayContaining(['401', '403']));
      if (route.path.includes('{')) expect(statuses).toContain('404');
      expect(op?.responses['5XX']?.content).toHaveProperty(['application/problem+json']);
    }
    expect(ids.size).toBe(routes.length);
  });

  it('documents the headers that matter: ETag and Cache-Control on the article (and its 304), Location on ask', () => {
    const article = operation('GET', '/v1/articles/{slug}');
    expect(Object.keys(article?.responses['200']?.headers ?? {})).toEqual(['ETag', 'Cache-Control']);
    expect(article?.responses['304']?.content).toBeUndefined();
    expect(article?.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-None-Match', in: 'header' }),
    );
    const ask = operation('POST', '/v1/questions');
    expect(Object.keys(ask?.responses['202']?.headers ?? {})).toEqual(['Location']);
    expect(Object.keys(ask?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '400', '413', '415', '422']),
    );
    // Every ask gets its own link: a question asked before is a 202 too, never the first asker's 200.
    expect(ask?.responses).not.toHaveProperty('200');
    expect(Object.keys(operation('POST', '/v1/review/questions/{id}/decisions')?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '409', '422']),
    );
  });

  it('documents the reviewer profile routes: the public board, and the admin PUT with its body', () => {
    expect(operation('GET', '/v1/reviewers')?.security).toBeUndefined();
    expect(operation('GET', '/v1/admin/reviewers')?.['x-required-role']).toBe('admin');
    const put = operation('PUT', '/v1/admin/reviewers/{subject}');
    expect(put?.['x-required-role']).toBe('admin');
    expect(put?.parameters).toContainEqual(
      expect.objectContaining({ name: 'subject', in: 'path', required: true }),
    );
    expect(put?.requestBody).toMatchObject({
      content: {
        'application/json': {
          schema: {
            required: ['displayName', 'credentials', 'specialty'],
            properties: { displayName: { maxLength: 120 }, credentials: { maxLength: 160 } },
          },
        },
      },
    });
  });
});
