import * as z from 'zod';
import { routes } from './routes.ts';

/**
 * The OpenAPI 3.1 document, generated from the route table (and, where a
 * route registers one, its request body schema as JSON Schema).
 */
export const buildOpenApiDocument = (
  requestBodies: Record<string, unknown> = {},
  queries: Record<string, z.ZodObject> = {},
) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParameters = Object.entries(queries[key]?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: !(schema as z.ZodType).safeParse(undefined).success,
      schema: z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }),
    }));
    const parameters = [...pathParameters, ...queryParameters];
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: key.replace(/[^A-Za-z0-9]+/g, '_'),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...('role' in route ? { security: [{ bearer: [] }], 'x-required-role': route.role } : {}),
      ...(requestBodies[key]
        ? { requestBody: { required: true, content: { 'application/json': { schema: requestBodies[key] } } } }
        : {}),
      responses: {
        default: {
          description: 'Success, or an RFC 9457 problem',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Vetted API', version: '1.0.0', description: 'Reviewed clinical Q&A: ask, review, read.' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
};
