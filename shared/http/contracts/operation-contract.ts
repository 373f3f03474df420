import type * as z from '../../zod.ts';
import type { RouteKey } from '../routes.ts';

/** Response headers the contract documents. */
export const RESPONSE_HEADERS = {
  ETag: 'Entity tag of the representation; send it back in `If-None-Match` to get a 304',
  'Cache-Control': 'How long shared caches and browsers may keep the response',
  Location: 'Where the created (or existing) resource lives',
  'X-Robots-Tag': 'Keeps the response out of search indexes',
} as const;
export type ResponseHeader = keyof typeof RESPONSE_HEADERS;

/** Request headers an operation reads, beyond `authorization` and `content-type`. */
export const REQUEST_HEADERS = {
  'Idempotency-Key': {
    description:
      'Repeat a request safely: the same key and body replay the first answer; another body is a 422',
    example: '7f7c1c2e-first-try',
  },
  'If-None-Match': {
    description: 'An ETag from an earlier response; a match answers 304',
    example: '"3f1c9a7e"',
  },
} as const;
export type RequestHeader = keyof typeof REQUEST_HEADERS;

export interface SuccessResponse {
  description: string;
  /** Absent for a response without a body (304) or one that is not JSON (see `mediaType`). */
  schema?: z.ZodMiniType;
  /** A body that is not JSON: its media type (the console's HTML, script and stylesheet). */
  mediaTypes?: readonly string[];
  headers?: readonly ResponseHeader[];
}

/** Problem statuses an operation can answer beyond the ones its shape implies (see openapi.ts). */
export type ExtraProblemStatus = 404 | 409 | 422;

export interface OperationContract {
  /** Stable name of the operation (a generated client's method name). */
  operationId: string;
  description: string;
  /** Success statuses (2xx, 3xx) with their bodies. */
  responses: Record<number, SuccessResponse>;
  /** One realistic body of the first success response. */
  example: unknown;
  problems?: readonly ExtraProblemStatus[];
  requestHeaders?: readonly RequestHeader[];
}

/** The operations an API area's contract module documents: a key that is not a route of the route table is a type error. */
export type AreaOperations = { [K in RouteKey]?: OperationContract };
/** The request body schemas of an area's routes, by route key: handlers parse with them, the document shows them. */
export type AreaRequestBodies = { [K in RouteKey]?: z.ZodMiniType };
/** The query parameter schemas of an area's routes, by route key. */
export type AreaQueries = { [K in RouteKey]?: z.ZodMiniObject };
