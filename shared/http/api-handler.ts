import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError, ValidationError, VettedError } from '../domain/errors.ts';
import type { FunctionName } from '../function-names.ts';
import { observability } from '../observability/middleware.ts';
import type { Principal } from './auth.ts';
import { MethodNotAllowedError, PayloadTooLargeError, UnsupportedMediaTypeError } from './http-errors.ts';
import { assertThroughCdn } from './origin-verify.ts';
import { JSON_CONTENT_TYPE, toProblemResponse } from './problem.ts';
import { matchRoute } from './route-match.ts';
import { type Role, type Route, type RouteHandlers, routeKey } from './routes.ts';

export const MAX_BODY_BYTES = 64 * 1024;

export type { Principal };

export interface ApiRequest {
  method: string;
  path: string;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  /** Lower-cased names, as API Gateway v2 delivers them. */
  headers: Record<string, string>;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
  /** The authenticated caller, on routes that require a role. */
  principal?: Principal;
}

export interface ApiResponse {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: ApiRequest) => Promise<ApiResponse>;

/** Checks the bearer token and the route's role; throws 401/403 errors. */
export type Authenticator = (authorizationHeader: string | undefined, role: Role) => Promise<Principal>;

export interface ApiHandlerOptions<F extends FunctionName> {
  /** The function of the route table this handler serves. */
  function: F;
  /** A handler for every route table entry of the function, by route key (checked by the compiler). */
  handlers: NoInfer<RouteHandlers<F, RouteHandler>>;
  authenticate?: Authenticator;
  logger: Logger;
  /** Business metrics recorded while handling a request, flushed as EMF after it. */
  metrics?: Metrics;
  /** ORIGIN_VERIFY_SECRET: anonymous writes without CloudFront's secret header are 403 (origin-verify.ts). */
  originVerifySecret?: string;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const isJsonContentType = (value: string | undefined) =>
  value !== undefined && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(value.trim());

const resolveRoute = (
  event: APIGatewayProxyEventV2,
): { route: Route; pathParameters: Record<string, string> } => {
  const method = event.requestContext.http.method;
  const match = matchRoute(method, event.rawPath);
  if (match.kind === 'found') return { route: match.route, pathParameters: match.pathParameters };
  if (match.kind === 'wrong-method') {
    throw new MethodNotAllowedError(`${method} is not allowed on ${event.rawPath}`, match.allowed);
  }
  throw new NotFoundError(`No route for ${method} ${event.rawPath}`);
};

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

const readBody = (event: APIGatewayProxyEventV2, headers: Record<string, string>): unknown => {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`The body is ${raw.byteLength} bytes; the limit is ${MAX_BODY_BYTES}`);
  }
  if (!isJsonContentType(headers['content-type'])) {
    throw new UnsupportedMediaTypeError('Send the body as application/json');
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(raw);
  } catch {
    // Replacing the bad bytes with U+FFFD would store text the client never sent.
    throw new ValidationError('The body is not valid UTF-8', [{ path: 'body', message: 'invalid UTF-8' }]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('The body is not valid JSON', [{ path: 'body', message: 'malformed JSON' }]);
  }
};

const stringRecord = (
  values: Record<string, string | undefined> | undefined,
  rename: (name: string) => string = (name) => name,
): Record<string, string> => {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(values ?? {})) record[rename(name)] = value ?? '';
  return record;
};

const toResult = (response: ApiResponse): APIGatewayProxyStructuredResultV2 => ({
  statusCode: response.statusCode,
  headers: {
    ...(response.body === undefined ? {} : { 'content-type': JSON_CONTENT_TYPE }),
    ...response.headers,
  },
  ...(response.body === undefined ? {} : { body: JSON.stringify(response.body) }),
});

/**
 * An API Gateway v2 (HTTP API) Lambda handler serving some routes of the
 * route table: 404/405 for anything else, the body checks of the API
 * contract (413, 415, 400), authentication where the route names a role,
 * and problem+json for every error.
 */
export const createApiHandler = <F extends FunctionName>(options: ApiHandlerOptions<F>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(observability(options.logger, options.metrics))
    .use({
      onError: async (request) => {
        if (!(request.error instanceof VettedError)) {
          options.logger.error('Unhandled error', { error: request.error as Error });
        }
        request.response = toProblemResponse(request.error);
      },
    })
    .handler(async (event) => {
      const headers = stringRecord(event.headers, (name) => name.toLowerCase());
      const { route, pathParameters } = resolveRoute(event);
      assertThroughCdn(route, headers, options.originVerifySecret);
      // The question (or article) a request is about follows it through logs, queues and events.
      const subject = pathParameters.id ?? pathParameters.slug;
      if (subject) options.logger.setCorrelationId(subject);
      // Another function's route (API Gateway's $default lands here): a 404 like any unknown one.
      const handle = (options.handlers as Partial<Record<string, RouteHandler>>)[routeKey(route)];
      if (!handle) throw new NotFoundError(`No route for ${routeKey(route)}`);
      let principal: Principal | undefined;
      if (route.role) {
        if (!options.authenticate) throw new Error(`Route ${routeKey(route)} needs an authenticator`);
        principal = await options.authenticate(headers.authorization, route.role);
      }
      const body = BODY_METHODS.has(route.method) ? readBody(event, headers) : undefined;
      const query = stringRecord(event.queryStringParameters);
      const response = await handle({
        method: route.method,
        path: event.rawPath,
        pathParameters,
        query,
        headers,
        body,
        ...(principal ? { principal } : {}),
      });
      const result = toResult(response);
      if (event.requestContext.http.method !== 'HEAD' || result.body === undefined) return result;
      // HEAD: the headers GET would send (its length included), no body.
      const { body: getBody, ...head } = result;
      return {
        ...head,
        headers: { ...head.headers, 'content-length': String(Buffer.byteLength(getBody)) },
      };
    });
