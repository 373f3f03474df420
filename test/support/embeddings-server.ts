/**
 * A local embeddings server speaking both wire protocols the embedders use, on one port of
 * 127.0.0.1: OpenAI `POST /v1/embeddings` (fetch, HTTP/1.1) and Bedrock Runtime
 * `POST /model/{modelId}/invoke` with Titan Text Embeddings V2 bodies (the SDK's default
 * handler talks HTTP/2 in cleartext, as it does in production). The first bytes of each
 * connection say which: only HTTP/2 opens with the `PRI * HTTP/2.0` preface.
 *
 * Vectors are deterministic functions of the text (hashedEmbedding), so texts that share words
 * lie close together: tests of hybrid retrieval get a stable, meaningful vector space.
 */
import { once } from 'node:events';
import {
  createServer as createHttp1Server,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import {
  createServer as createH2cServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
} from 'node:http2';
import { createServer as createTcpServer, type Socket } from 'node:net';

export interface RecordedEmbeddingsRequest {
  method: string;
  /** Decoded: `/model/amazon.titan-embed-text-v2:0/invoke`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
}

/**
 * How the server answers a request it was told to fail: an HTTP status (with an error body in the
 * protocol's format), a 200 whose body is not JSON, a 200 with one vector too few (OpenAI) or one
 * dimension too few (Titan), or no answer at all until the client gives up.
 */
export type EmbeddingsFailure = number | 'malformed-json' | 'short-response' | 'hang';

export interface EmbeddingsServerOptions {
  /** The vector size of an OpenAI request that names no `dimensions`: the model's native size. */
  defaultDimensions?: number;
}

export interface EmbeddingsServer {
  /** `http://127.0.0.1:{port}`, no trailing slash. */
  url: string;
  /** Every request received, in arrival order. */
  requests: RecordedEmbeddingsRequest[];
  /** The next `count` requests fail with `failure`; `headers` are added to each (e.g. Retry-After). */
  failNext(count: number, failure: EmbeddingsFailure, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

/** Titan Text Embeddings V2's limits, enforced so a test sees what Bedrock would refuse. */
const TITAN_DIMENSIONS = new Set([256, 512, 1024]);
const TITAN_MAX_CHARACTERS = 50_000;

/** The error type Bedrock names in `x-amzn-errortype` for each status the tests use. */
const BEDROCK_ERROR_TYPES: Record<number, string> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

/** FNV-1a, 32 bits: a fast, stable hash, so a vector depends on nothing but its text. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A deterministic embedding: word unigrams and character trigrams of each word, hashed into
 * `dimensions` signed buckets, L2-normalised. Words weigh twice as much as trigrams, which let
 * "statin" and "statins" share most of their mass. A text with no words is the zero vector.
 */
export function hashedEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const add = (feature: string, weight: number) => {
    const hash = fnv1a(feature);
    // The top bit gives the sign, so colliding features cancel out on average instead of piling up.
    const sign = hash & 0x80000000 ? -1 : 1;
    const bucket = (hash & 0x7fffffff) % dimensions;
    vector[bucket] = (vector[bucket] ?? 0) + sign * weight;
  };
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    add(`w:${word}`, 2);
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`, 1);
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface ScheduledFailure {
  failure: EmbeddingsFailure;
  headers: Record<string, string>;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function openAiError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return json(
    status,
    { error: { message, type: status === 429 ? 'rate_limit' : 'invalid_request_error' } },
    headers,
  );
}

function bedrockError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  const type =
    BEDROCK_ERROR_TYPES[status] ?? (status >= 500 ? 'InternalServerException' : 'ValidationException');
  return json(status, { message }, { 'x-amzn-errortype': type, ...headers });
}

function answerOpenAi(body: unknown, defaultDimensions: number, failure?: ScheduledFailure): Reply {
  if (failure && typeof failure.failure === 'number') {
    return openAiError(failure.failure, `scripted ${failure.failure}`, failure.headers);
  }
  if (!isRecord(body) || typeof body.model !== 'string') return openAiError(400, '"model" is required');
  const input = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(input) || !input.every((text) => typeof text === 'string')) {
    return openAiError(400, '"input" must be a string or an array of strings');
  }
  const dimensions = body.dimensions === undefined ? defaultDimensions : body.dimensions;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1) {
    return openAiError(400, '"dimensions" must be a positive integer');
  }
  const vectors = input.map((text, index) => ({
    object: 'embedding',
    index,
    embedding: hashedEmbedding(text, dimensions),
  }));
  if (failure?.failure === 'short-response') vectors.pop();
  // Reversed: the API orders results by `index`, not by position, and clients must not rely on position.
  const data = vectors.reverse();
  return json(200, {
    object: 'list',
    data,
    model: body.model,
    usage: { prompt_tokens: input.length, total_tokens: input.length },
  });
}

function answerTitan(body: unknown, failure?: ScheduledFailure): Reply {
  if (failure && typeof failure.failure === 'number') {
    return bedrockError(failure.failure, `scripted ${failure.failure}`, failure.headers);
  }
  if (!isRecord(body) || typeof body.inputText !== 'string' || body.inputText.length === 0) {
    return bedrockError(400, 'Malformed input request: inputText must be a non-empty string');
  }
  if (body.inputText.length > TITAN_MAX_CHARACTERS) {
    return bedrockError(400, `Malformed input request: inputText exceeds ${TITAN_MAX_CHARACTERS} characters`);
  }
  const dimensions = body.dimensions ?? 1024;
  if (typeof dimensions !== 'number' || !TITAN_DIMENSIONS.has(dimensions)) {
    return bedrockError(400, 'Malformed input request: dimensions must be one of 256, 512, 1024');
  }
  const embedding = hashedEmbedding(body.inputText, dimensions);
  if (failure?.failure === 'short-response') embedding.pop();
  return json(200, { embedding, inputTextTokenCount: body.inputText.split(/\s+/).length });
}

export async function startEmbeddingsServer(
  options: EmbeddingsServerOptions = {},
): Promise<EmbeddingsServer> {
  const defaultDimensions = options.defaultDimensions ?? 384;
  const requests: RecordedEmbeddingsRequest[] = [];
  const failures: ScheduledFailure[] = [];

  const route = (method: string, path: string, body: unknown): Reply | 'hang' => {
    const failure = failures.shift();
    if (failure?.failure === 'hang') return 'hang';
    if (failure?.failure === 'malformed-json') {
      return {
        status: 200,
        headers: { 'content-type': 'application/json', ...failure.headers },
        body: '{"data": [',
      };
    }
    if (method === 'POST' && path === '/v1/embeddings') return answerOpenAi(body, defaultDimensions, failure);
    if (method === 'POST' && /^\/model\/[^/]+\/invoke$/.test(path)) return answerTitan(body, failure);
    return json(404, { message: `no route for ${method} ${path}` });
  };

  const handle = (
    request: IncomingMessage | Http2ServerRequest,
    response: ServerResponse | Http2ServerResponse,
  ) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const path = decodeURIComponent(request.url ?? '');
      const body = parseBody(Buffer.concat(chunks).toString('utf8'));
      requests.push({ method, path, headers: request.headers, body });
      const reply = route(method, path, body);
      // A hanging request is answered by nobody: the client's timeout ends it, or close() does.
      if (reply === 'hang') return;
      response.writeHead(reply.status, reply.headers);
      response.end(reply.body);
    });
  };

  const http1 = createHttp1Server(handle);
  const h2c = createH2cServer(handle);
  const sockets = new Set<Socket>();
  const sessions = new Set<ServerHttp2Session>();
  h2c.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });

  const tcp = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      // Hand the connection over with its first bytes put back, to the server its protocol needs.
      socket.pause();
      socket.unshift(first);
      if (first.subarray(0, 3).toString('latin1') === 'PRI') {
        // http2 reads the socket's buffered bytes itself, then its native handle: no resume here.
        h2c.emit('connection', socket);
      } else {
        http1.emit('connection', socket);
        socket.resume();
      }
    });
  });
  tcp.listen(0, '127.0.0.1');
  await once(tcp, 'listening');
  const address = tcp.address();
  if (address === null || typeof address === 'string')
    throw new Error('embeddings server has no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    failNext(count, failure, headers = {}) {
      for (let i = 0; i < count; i++) failures.push({ failure, headers });
    },
    async close() {
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => tcp.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
