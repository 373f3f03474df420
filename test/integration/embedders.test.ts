import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BedrockTitanEmbedder,
  TITAN_MAX_INPUT_CHARACTERS,
  TITAN_TEXT_EMBEDDINGS_V2,
  truncateForTitan,
} from '../../shared/adapters/embeddings/bedrock-titan.ts';
import { OpenAiCompatibleEmbedder } from '../../shared/adapters/embeddings/openai-compatible.ts';
import { createEmbedder } from '../../shared/adapters/embeddings/select.ts';
import { EmbeddingResponseError } from '../../shared/adapters/embeddings/vectors.ts';
import { OpenAiCompatibleRequestError } from '../../shared/adapters/openai-http.ts';
import { type Embedder, EmbedderUnavailableError } from '../../shared/ports/embedder.ts';
import {
  type EmbeddingsServer,
  hashedEmbedding,
  type RecordedEmbeddingsRequest,
  startEmbeddingsServer,
} from '../support/embeddings-server.ts';

const CREDENTIALS = { accessKeyId: 'AKIAFAKEFAKEFAKE', secretAccessKey: 'fake-secret' };
const OPENAI_MODEL = 'nomic-embed-text';

let server: EmbeddingsServer;
const clients: BedrockRuntimeClient[] = [];

beforeAll(async () => {
  server = await startEmbeddingsServer({ defaultDimensions: 384 });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

/** The SDK client as production builds it (HTTP/2, SigV4), at the local server, without SDK retries. */
function bedrockClient(endpoint = server.url): BedrockRuntimeClient {
  const client = new BedrockRuntimeClient({
    endpoint,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
}

const titan = (options: ConstructorParameters<typeof BedrockTitanEmbedder>[1] = {}) =>
  new BedrockTitanEmbedder(bedrockClient(), { timeoutMs: 2000, ...options });

const openAi = (options: Partial<ConstructorParameters<typeof OpenAiCompatibleEmbedder>[0]> = {}) =>
  new OpenAiCompatibleEmbedder({
    baseUrl: server.url,
    model: OPENAI_MODEL,
    dimensions: 384,
    apiKey: 'sk-test',
    timeoutMs: 2000,
    ...options,
  });

const bodyOf = (request: RecordedEmbeddingsRequest | undefined) => request?.body as Record<string, unknown>;
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

const dot = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));
const rounded = (vectors: number[][]) =>
  vectors.map((vector) => vector.map((value) => Number(value.toFixed(12))));

describe('Bedrock Titan Text Embeddings V2 on the wire', () => {
  it('invokes the model once per text with the Titan body, signed with SigV4', async () => {
    const vectors = await titan().embed(['Do statins cause muscle pain?', 'Statin myalgia'], 'passage');

    expect(vectors).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe(`/model/${TITAN_TEXT_EMBEDDINGS_V2}/invoke`);
      expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE\//);
      expect(request.headers['content-type']).toBe('application/json');
    }
    const bodies = server.requests.map(bodyOf);
    expect(bodies).toEqual(
      expect.arrayContaining([
        { inputText: 'Do statins cause muscle pain?', dimensions: 512, normalize: true },
        { inputText: 'Statin myalgia', dimensions: 512, normalize: true },
      ]),
    );
  });

  it('returns the vectors in input order, in the configured dimensions', async () => {
    const texts = Array.from({ length: 9 }, (_, i) => `passage number ${i} about topic ${i * 7}`);
    const embedder = titan({ dimensions: 256, concurrency: 3 });
    const vectors = await embedder.embed(texts, 'passage');

    expect(embedder.dimensions).toBe(256);
    expect(embedder.model).toBe(TITAN_TEXT_EMBEDDINGS_V2);
    expect(vectors).toEqual(texts.map((text) => hashedEmbedding(text, 256)));
  });

  it('sends a text over the 50,000-character limit cut at a word boundary, and Bedrock accepts it', async () => {
    const long = 'myalgia '.repeat(7000); // 56,000 characters
    const [vector] = await titan().embed([long], 'passage');

    const sent = bodyOf(server.requests[0]).inputText as string;
    expect(vector).toHaveLength(512);
    expect(sent.length).toBeLessThanOrEqual(TITAN_MAX_INPUT_CHARACTERS);
    expect(sent.length).toBeGreaterThan(TITAN_MAX_INPUT_CHARACTERS - 500);
    expect(sent.endsWith('myalgia')).toBe(true);
  });

  it('reports a validation error (400) as a permanent error, naming it', async () => {
    server.failNext(1, 400);
    const error = await failureOf(titan().embed(['statins'], 'query'));

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(EmbedderUnavailableError);
    expect((error as Error).name).toBe('ValidationException');
  });

  it('stops starting calls after one fails', async () => {
    server.failNext(1, 400);
    const texts = Array.from({ length: 40 }, (_, i) => `text ${i}`);
    await expect(titan({ concurrency: 2 }).embed(texts, 'passage')).rejects.toThrow();
    // The failed call and at most the other worker's calls in flight: not the forty.
    expect(server.requests.length).toBeLessThan(5);
  });

  it('reports a vector of the wrong size as EmbeddingResponseError', async () => {
    server.failNext(1, 'short-response');
    const error = await failureOf(titan().embed(['statins'], 'query'));

    expect(error).toBeInstanceOf(EmbeddingResponseError);
    expect((error as Error).message).toContain('511 dimensions where 512 were configured');
  });

  it('refuses an empty text without calling Bedrock', async () => {
    await expect(titan().embed(['  '], 'query')).rejects.toThrow(/empty text/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('truncateForTitan', () => {
  it('leaves a text within the limit alone', () => {
    expect(truncateForTitan('short text', 20)).toBe('short text');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateForTitan(`${'a'.repeat(9)}😀b`, 10);
    expect(cut).toBe('a'.repeat(9));
    // A lone surrogate would not survive UTF-8: the round trip would turn it into U+FFFD.
    expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
  });

  it('cuts through a word only when no whitespace is near the limit', () => {
    expect(truncateForTitan(`${'x'.repeat(300)} ${'y'.repeat(300)}`, 500)).toBe(
      'x'.repeat(300).concat(' ', 'y'.repeat(199)),
    );
    expect(truncateForTitan(`${'x'.repeat(300)} ${'y'.repeat(300)}`, 302)).toBe('x'.repeat(300));
  });
});

describe('OpenAI-compatible embeddings on the wire', () => {
  it('posts the model, the inputs and float encoding to /v1/embeddings with the bearer key', async () => {
    const vectors = await openAi().embed(['Do statins cause muscle pain?'], 'query');

    expect(vectors).toHaveLength(1);
    expect(vectors[0]).toHaveLength(384);
    const [request] = server.requests;
    expect(request?.path).toBe('/v1/embeddings');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(bodyOf(request)).toEqual({
      model: OPENAI_MODEL,
      input: ['Do statins cause muscle pain?'],
      encoding_format: 'float',
    });
  });

  it('reaches /v1/embeddings whether or not the base URL carries the version, and sends no key when it has none', async () => {
    await openAi({ baseUrl: `${server.url}/v1/`, apiKey: undefined }).embed(['a'], 'passage');
    expect(server.requests[0]?.path).toBe('/v1/embeddings');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('splits 130 inputs into 3 requests of at most 64 and restores the input order', async () => {
    const texts = Array.from({ length: 130 }, (_, i) => `question ${i} about drug ${i % 13}`);
    const vectors = await openAi().embed(texts, 'passage');

    expect(server.requests.map((request) => (bodyOf(request).input as string[]).length)).toEqual([64, 64, 2]);
    // The server answers `data` in reverse: only `index` puts the vectors back in order.
    // Renormalised by the client: equal up to rounding.
    expect(rounded(vectors)).toEqual(rounded(texts.map((text) => hashedEmbedding(text, 384))));
  });

  it('asks for the configured dimensions when told to, and checks every vector against them', async () => {
    const embedder = openAi({ dimensions: 128, requestDimensions: true });
    const [vector] = await embedder.embed(['statins'], 'query');
    expect(bodyOf(server.requests[0]).dimensions).toBe(128);
    expect(vector).toHaveLength(128);

    // Not sent: the server answers its native 384, which is not what the index was built for.
    const error = await failureOf(openAi({ dimensions: 128 }).embed(['statins'], 'query'));
    expect(error).toBeInstanceOf(EmbeddingResponseError);
    expect((error as Error).message).toContain('384 dimensions where 128 were configured');
  });

  it('sends through an injected fetch, in batches of the size asked for', async () => {
    const fetched: string[] = [];
    const embedder = openAi({
      batchSize: 2,
      fetch: (input, init) => {
        fetched.push(String(input));
        return fetch(input, init);
      },
    });
    await embedder.embed(['a', 'b', 'c'], 'passage');
    expect(fetched).toEqual([`${server.url}/v1/embeddings`, `${server.url}/v1/embeddings`]);
    expect(server.requests.map((request) => bodyOf(request).input)).toEqual([['a', 'b'], ['c']]);
    expect(() => openAi({ batchSize: 65 })).toThrow(RangeError);
  });

  it('puts the purpose prefix before each text', async () => {
    const embedder = openAi({ prefixes: { query: 'search_query: ', passage: 'search_document: ' } });
    await embedder.embed(['statins'], 'query');
    await embedder.embed(['Statins lower LDL.'], 'passage');
    expect(server.requests.map((request) => bodyOf(request).input)).toEqual([
      ['search_query: statins'],
      ['search_document: Statins lower LDL.'],
    ]);
  });

  it('returns unit vectors', async () => {
    const vectors = await openAi().embed(['statins and muscle pain', 'x'], 'passage');
    for (const vector of vectors) expect(norm(vector)).toBeCloseTo(1, 10);
  });

  it('reports HTTP 400 as a permanent request error', async () => {
    server.failNext(1, 400);
    const error = await failureOf(openAi().embed(['statins'], 'query'));

    expect(error).toBeInstanceOf(OpenAiCompatibleRequestError);
    expect(error).not.toBeInstanceOf(EmbedderUnavailableError);
    expect((error as OpenAiCompatibleRequestError).status).toBe(400);
  });

  it('stops at the first failed batch', async () => {
    server.failNext(1, 500);
    const texts = Array.from({ length: 130 }, (_, i) => `t${i}`);
    await expect(openAi().embed(texts, 'passage')).rejects.toBeInstanceOf(EmbedderUnavailableError);
    expect(server.requests).toHaveLength(1);
  });

  it('reports fewer vectors than inputs as EmbeddingResponseError', async () => {
    server.failNext(1, 'short-response');
    const error = await failureOf(openAi().embed(['a', 'b', 'c'], 'passage'));

    expect(error).toBeInstanceOf(EmbeddingResponseError);
    expect((error as Error).message).toContain('answered 2 vectors for 3 inputs');
  });

  it('answers no texts with no vectors and no request', async () => {
    expect(await openAi().embed([], 'passage')).toEqual([]);
    expect(await titan().embed([], 'passage')).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});

const adapters: Array<{ name: string; create: (baseUrl?: string, timeoutMs?: number) => Embedder }> = [
  {
    name: 'bedrock-titan',
    create: (baseUrl = server.url, timeoutMs = 2000) =>
      new BedrockTitanEmbedder(bedrockClient(baseUrl), { timeoutMs }),
  },
  {
    name: 'openai-compatible',
    create: (baseUrl = server.url, timeoutMs = 2000) => openAi({ baseUrl, timeoutMs }),
  },
];

describe.each(adapters)('$name: an unavailable service is EmbedderUnavailableError', ({ create }) => {
  it('429, with the Retry-After it was given', async () => {
    server.failNext(1, 429, { 'retry-after': '7' });
    const error = await failureOf(create().embed(['statins'], 'query'));

    expect(error).toBeInstanceOf(EmbedderUnavailableError);
    expect((error as EmbedderUnavailableError).transient).toBe(true);
    expect((error as EmbedderUnavailableError).retryAfterSeconds).toBe(7);
    expect((error as Error).message).toContain('429');
  });

  it('a Retry-After given as an HTTP date, in seconds from now', async () => {
    server.failNext(1, 503, { 'retry-after': new Date(Date.now() + 30_000).toUTCString() });
    const error = (await failureOf(create().embed(['statins'], 'query'))) as EmbedderUnavailableError;
    expect(error).toBeInstanceOf(EmbedderUnavailableError);
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(31);
  });

  it.each([500, 503])('HTTP %i, without a Retry-After', async (status) => {
    server.failNext(1, status);
    const error = await failureOf(create().embed(['statins'], 'query'));
    expect(error).toBeInstanceOf(EmbedderUnavailableError);
    expect((error as EmbedderUnavailableError).retryAfterSeconds).toBeUndefined();
  });

  it('a 200 whose body is not JSON (a proxy or a restart, not the model)', async () => {
    server.failNext(1, 'malformed-json');
    await expect(create().embed(['statins'], 'query')).rejects.toBeInstanceOf(EmbedderUnavailableError);
  });

  it('a timeout', async () => {
    server.failNext(1, 'hang');
    await expect(create(server.url, 300).embed(['statins'], 'query')).rejects.toBeInstanceOf(
      EmbedderUnavailableError,
    );
  });

  it('an unreachable server', async () => {
    const closed = await startEmbeddingsServer();
    await closed.close();
    await expect(create(closed.url).embed(['statins'], 'query')).rejects.toBeInstanceOf(
      EmbedderUnavailableError,
    );
  });
});

describe('both embedders built from configuration', () => {
  const configured: Array<{ name: string; create: () => Embedder | undefined }> = [
    {
      name: 'bedrock',
      create: () =>
        createEmbedder(
          { EMBEDDINGS: 'bedrock', BEDROCK_REGION: 'us-east-1', BEDROCK_ENDPOINT: server.url },
          // Static fake credentials instead of the default provider chain (no AWS account in tests).
          { bedrockCredentials: CREDENTIALS },
        ),
    },
    {
      name: 'openai-compatible',
      create: () =>
        createEmbedder({
          EMBEDDINGS: 'openai-compatible',
          EMBEDDINGS_BASE_URL: `${server.url}/v1`,
          EMBEDDINGS_MODEL: OPENAI_MODEL,
          EMBEDDINGS_DIMENSIONS: '384',
        }),
    },
  ];

  it.each(configured)(
    '$name: a question is nearer to a related passage than to an unrelated one',
    async ({ create }) => {
      const embedder = create();
      if (!embedder) throw new Error('expected an embedder');
      const [question] = await embedder.embed(['Do statins cause muscle pain?'], 'query');
      const [related, unrelated] = await embedder.embed(
        [
          'Muscle pain on statins is usually not caused by the statin itself.',
          'Amoxicillin is a first-line antibiotic for acute otitis media in children.',
        ],
        'passage',
      );
      if (!question || !related || !unrelated) throw new Error('expected three vectors');
      expect(question).toHaveLength(embedder.dimensions);
      expect(dot(question, related)).toBeGreaterThan(dot(question, unrelated) + 0.1);
    },
  );

  it('bedrock from configuration defaults to Titan V2 in 512 dimensions', () => {
    const embedder = configured[0]?.create();
    expect(embedder).toMatchObject({ model: TITAN_TEXT_EMBEDDINGS_V2, dimensions: 512 });
  });
});
