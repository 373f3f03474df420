import * as z from '../../zod.ts';
import type { AreaOperations } from './operation-contract.ts';
import { named } from './response-parts.ts';

/** What is not an API resource: liveness, this document, and the reviewer console's files. */

export const healthSchema = named('Health', 'Liveness', z.object({ status: z.literal('ok') }));
export const openApiDocumentSchema = named(
  'OpenApiDocument',
  'This document',
  z.looseObject({ openapi: z.string() }),
);

export const operations = {
  'GET /console': {
    operationId: 'getConsole',
    description: 'The reviewer console: an HTML page (strict Content-Security-Policy, no inline script).',
    responses: { 200: { description: 'The console page', mediaTypes: ['text/html'] } },
    example: '<!doctype html>…',
  },
  'GET /console/{asset}': {
    operationId: 'getConsoleAsset',
    description: "The console's script, stylesheet or sign-in settings.",
    responses: {
      200: {
        description: 'The asset',
        mediaTypes: ['text/javascript', 'text/css', 'application/json'],
      },
    },
    example: 'export {};',
  },
  'GET /openapi.json': {
    operationId: 'getOpenApiDocument',
    description:
      'This OpenAPI 3.1 document, generated from the route table and the request and response schemas.',
    responses: { 200: { description: 'The document', schema: openApiDocumentSchema } },
    example: { openapi: '3.1.0', info: { title: 'Vetted API', version: '1.0.0' }, paths: {} },
  },
  'GET /health': {
    operationId: 'getHealth',
    description: 'Answers 200 while the API is up.',
    responses: { 200: { description: 'Up', schema: healthSchema } },
    example: { status: 'ok' } satisfies z.output<typeof healthSchema>,
  },
} satisfies AreaOperations;
