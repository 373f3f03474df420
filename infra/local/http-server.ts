import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ValidationError } from '../../shared/domain/errors.ts';
import { corsResponseHeaders, isAllowedOrigin, preflightHeaders } from '../../shared/http/cors.ts';
import { HeadersTooLargeError, PayloadTooLargeError } from '../../shared/http/http-errors.ts';
import { toProblemResponse } from '../../shared/http/problem.ts';
import { rateLimitHeaders, SlidingWindowRateLimiter, tooManyRequests } from '../../shared/http/rate-limit.ts';
import { matchRoute } from '../../shared/http/route-match.ts';
import { DEFAULT_ROUTE_FUNCTION, isAnonymousWrite, routeKey } from '../../shared/http/routes.ts';
import type { FunctionName } from '../resources.ts';
import { lambdaContext } from './lambda-context.ts';

export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway itself refuses payloads over 10 MB; the handler enforces the API's own 64 KiB. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;
/**
 * How much of an oversize body is read and thrown away before the 413: a
 * client still sending when the server closes gets a connection reset instead
 * of the answer. Past this much the answer goes out and the connection closes.
 */
const MAX_DISCARDED_BYTES = 100 * 1024 * 1024;

type Body = { kind: 'complete'; bytes: Buffer } | { kind: 'too-large'; drained: boolean };

const readBody = (request: IncomingMessage): Promise<Body> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= GATEWAY_MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
      if (size > GATEWAY_MAX_BODY_BYTES + MAX_DISCARDED_BYTES) {
        request.off('data', onData);
        request.pause();
        resolve({ kind: 'too-large', drained: false });
      }
    };
    request.on('data', onData);
    request.on('end', () =>
      resolve(
        size > GATEWAY_MAX_BODY_BYTES
          ? { kind: 'too-large', drained: true }
          : { kind: 'complete', bytes: Buffer.concat(chunks) },
      ),
    );
    request.on('error', reject);
  });

/**
 * Requests Node's HTTP parser refuses before there is a request object
 * (`clientError`): a header block over `maxHeaderSize` (16 KiB) gets a 431,
 * anything else it cannot parse a 400, as problem+json like every other error.
 * The rest of what the client sends is read and dropped until it closes, so
 * that it reads the answer rather than a reset.
 */
const answerClientError = (error: NodeJS.ErrnoException, socket: Duplex) => {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    // What Node answers by itself when nobody listens for clientError.
    socket.end('HTTP/1.1 408 Request Timeout\r\nconnection: close\r\n\r\n');
    return;
  }
  const problem = toProblemResponse(
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new HeadersTooLargeError('The request headers exceed the limit of 16 KiB')
      : new ValidationError('The request is not valid HTTP/1.1'),
  );
  const status = problem.statusCode ?? 400;
  const body = Buffer.from(problem.body ?? '');
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    ...Object.entries(problem.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${body.byteLength}`,
    'connection: close',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]));
  socket.resume();
  setTimeout(() => socket.destroy(), 5000).unref();
};

const isTextual = (contentType: string | undefined) =>
  contentType === undefined || /^(text\/|application\/([\w.+-]+\+)?json)/i.test(contentType);

/** Turns a Node request into the API Gateway v2 (HTTP API, payload 2.0) event Lambda would receive. */
const toEvent = (request: IncomingMessage, body: Buffer, url: URL): APIGatewayProxyEventV2 => {
  const method = request.method ?? 'GET';
  const match = matchRoute(method, url.pathname);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const key = match.kind === 'found' ? routeKey(match.route) : '$default';
  const now = new Date();
  // Bytes that are not UTF-8 go to the function as they came (base64), for it to refuse, rather
  // than with U+FFFD in their place.
  const textual = isTextual(headers['content-type']) && isUtf8(body);
  return {
    version: '2.0',
    routeKey: key,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(match.kind === 'found' && Object.keys(match.pathParameters).length > 0
      ? { pathParameters: match.pathParameters }
      : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.byteLength > 0 ? { body: body.toString(textual ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: body.byteLength > 0 && !textual,
  };
};

const send = (
  response: ServerResponse,
  result: APIGatewayProxyStructuredResultV2,
  extraHeaders: Record<string, string> = {},
) => {
  const body =
    result.body === undefined
      ? undefined
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode ?? 200, {
    ...(result.headers as Record<string, string>),
    ...extraHeaders,
    ...(body ? { 'content-length': String(body.byteLength) } : {}),
  });
  response.end(body);
};

/** A CORS preflight: answered by the gateway itself (as API Gateway does when CORS is on), never routed. */
const isPreflight = (request: IncomingMessage) =>
  request.method === 'OPTIONS' &&
  request.headers.origin !== undefined &&
  request.headers['access-control-request-method'] !== undefined;

export interface GatewayOptions {
  /** Allowed CORS origins; empty turns CORS off, as in AWS. */
  corsOrigins?: readonly string[];
  /** RATE_LIMIT_PER_MINUTE: anonymous writes per client address per minute; 0 turns the limit off. */
  rateLimitPerMinute?: number;
  /** The limiter's clock (tests move it instead of waiting a minute). */
  now?: () => number;
}

/**
 * The local HTTP API: routes each request by the route table to its
 * function's real handler. With `corsOrigins` it answers preflights and adds
 * CORS headers for allowed origins by the rules API Gateway applies in AWS
 * (shared/http/cors.ts). With `rateLimitPerMinute` it refuses a client's
 * anonymous writes past that many a minute (AWS has only the stage's
 * throttle so far); every loopback address is a client of its own.
 */
export const startHttpServer = async (
  port: number,
  handlerFor: (name: FunctionName) => ApiHandler | undefined,
  onError: (error: unknown) => void,
  { corsOrigins = [], rateLimitPerMinute = 0, now }: GatewayOptions = {},
): Promise<{ server: Server; port: number; close(): Promise<void> }> => {
  const limiter = rateLimitPerMinute > 0 ? new SlidingWindowRateLimiter(rateLimitPerMinute, now) : undefined;
  const server = createServer(async (request, response) => {
    const origin = request.headers.origin;
    const cors = corsOrigins.length > 0 && isAllowedOrigin(origin, corsOrigins) ? origin : undefined;
    if (corsOrigins.length > 0 && isPreflight(request)) {
      request.resume();
      response.writeHead(204, cors ? preflightHeaders(cors) : { vary: 'origin' });
      response.end();
      return;
    }
    const corsHeaders = cors ? corsResponseHeaders(cors) : {};
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(request);
      if (body.kind === 'too-large') {
        const problem = toProblemResponse(
          new PayloadTooLargeError('The body exceeds the gateway limit of 10 MiB'),
        );
        // An undrained body would spoil the connection for the next request.
        if (!body.drained) problem.headers = { ...problem.headers, connection: 'close' };
        send(response, problem);
        return;
      }
      const match = matchRoute(request.method ?? 'GET', url.pathname);
      let limitHeaders: Record<string, string> = {};
      if (limiter && match.kind === 'found' && isAnonymousWrite(match.route)) {
        const decision = limiter.take(request.socket.remoteAddress ?? 'unknown');
        limitHeaders = rateLimitHeaders(limiter.perWindow, decision);
        if (!decision.allowed) {
          send(response, toProblemResponse(tooManyRequests(limiter.perWindow, decision)), {
            ...corsHeaders,
            ...limitHeaders,
          });
          return;
        }
      }
      const name = match.kind === 'found' ? match.route.function : DEFAULT_ROUTE_FUNCTION;
      const handler = handlerFor(name);
      if (!handler) throw new Error(`No local handler for function ${name}`);
      send(response, await handler(toEvent(request, body.bytes, url), lambdaContext(name)), {
        ...corsHeaders,
        ...limitHeaders,
      });
    } catch (error) {
      onError(error);
      if (!response.headersSent) send(response, toProblemResponse(error), corsHeaders);
      else response.destroy();
    }
  });
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
