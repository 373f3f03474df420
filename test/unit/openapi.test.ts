import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';
import { querySchemas, requestBodySchemas } from '../../shared/http/request-schemas.ts';
import { routes } from '../../shared/http/routes.ts';

const document = buildOpenApiDocument(requestBodySchemas(), querySchemas());
type Operation = {
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
