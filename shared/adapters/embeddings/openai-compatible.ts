/**
 * Embedder over any OpenAI-compatible embeddings server: `POST /v1/embeddings` as Ollama,
 * llama.cpp's server, vLLM, Hugging Face TEI and OpenAI serve it.
 */
import { type Embedder, EmbedderUnavailableError, type EmbeddingPurpose } from '../../ports/embedder.ts';
import { postOpenAiJson } from '../openai-http.ts';
import { EmbeddingResponseError, l2Normalised, parseVector } from './vectors.ts';

/** The most inputs one request carries (TEI accepts 32 unless started with `--max-client-batch-size 64`). */
export const OPENAI_EMBEDDINGS_MAX_BATCH = 64;

export interface OpenAiCompatibleEmbedderOptions {
  /**
   * The server's URL, with or without the API version: `http://127.0.0.1:11434` and
   * `http://127.0.0.1:11434/v1` both reach `…/v1/embeddings` (OPENAI_BASE_URL carries the version).
   */
  baseUrl: string;
  model: string;
  /** The size of the model's vectors: every answer is checked against it. */
  dimensions: number;
  /**
   * Send `dimensions` in the request, for models that shorten their vectors on request (OpenAI's
   * text-embedding-3, Matryoshka models on vLLM). Off by default: vLLM rejects it for any other model.
   */
  requestDimensions?: boolean;
  apiKey?: string;
  /**
   * Put before each text by purpose, for models trained with instructions: nomic-embed-text wants
   * `search_query: ` / `search_document: `, E5 `query: ` / `passage: `.
   */
  prefixes?: Partial<Record<EmbeddingPurpose, string>>;
  /** Inputs per request, at most OPENAI_EMBEDDINGS_MAX_BATCH (the default). */
  batchSize?: number;
  /** Per request. */
  timeoutMs?: number;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

interface EmbeddingsResponse {
  data?: Array<{ index?: unknown; embedding?: unknown }>;
}

/** `…/v1/embeddings` from a base URL that may or may not end in an API version. */
export function embeddingsEndpoint(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return /\/v\d+$/.test(base) ? `${base}/embeddings` : `${base}/v1/embeddings`;
}

export class OpenAiCompatibleEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  private readonly endpoint: string;
  private readonly batchSize: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: OpenAiCompatibleEmbedderOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1) {
      throw new RangeError(`dimensions must be a positive whole number; got ${options.dimensions}`);
    }
    this.model = options.model;
    this.dimensions = options.dimensions;
    this.endpoint = embeddingsEndpoint(options.baseUrl);
    this.batchSize = options.batchSize ?? OPENAI_EMBEDDINGS_MAX_BATCH;
    if (
      !Number.isInteger(this.batchSize) ||
      this.batchSize < 1 ||
      this.batchSize > OPENAI_EMBEDDINGS_MAX_BATCH
    ) {
      throw new RangeError(
        `batchSize must be a whole number from 1 to ${OPENAI_EMBEDDINGS_MAX_BATCH}; got ${this.batchSize}`,
      );
    }
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async embed(texts: readonly string[], purpose: EmbeddingPurpose): Promise<number[][]> {
    const prefix = this.options.prefixes?.[purpose] ?? '';
    const vectors: number[][] = [];
    // One batch after another: a self-hosted server runs them one at a time anyway, and a
    // failed batch stops the rest instead of queueing more work on an overloaded server.
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize).map((text) => prefix + text);
      vectors.push(...(await this.embedBatch(batch)));
    }
    return vectors;
  }

  private async embedBatch(input: string[]): Promise<number[][]> {
    const parsed = (await postOpenAiJson({
      endpoint: this.endpoint,
      body: {
        model: this.model,
        input,
        encoding_format: 'float',
        ...(this.options.requestDimensions ? { dimensions: this.dimensions } : {}),
      },
      apiKey: this.options.apiKey,
      timeoutMs: this.options.timeoutMs ?? 10_000,
      fetch: this.fetch,
      server: 'Embeddings server',
      unavailable: (message, options) => new EmbedderUnavailableError(message, options),
    })) as EmbeddingsResponse;
    return this.inInputOrder(parsed, input.length);
  }

  /** The vectors by `data[].index`: the API does not promise the order of `data`. */
  private inInputOrder(parsed: EmbeddingsResponse, count: number): number[][] {
    const source = `Embeddings server (${this.model})`;
    const data = parsed?.data;
    if (!Array.isArray(data) || data.length !== count) {
      throw new EmbeddingResponseError(
        `${source} answered ${Array.isArray(data) ? data.length : 'no'} vectors for ${count} inputs`,
      );
    }
    const vectors = new Array<number[] | undefined>(count);
    for (const item of data) {
      const index = item?.index;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) {
        throw new EmbeddingResponseError(
          `${source} answered a vector with index ${String(index)} for ${count} inputs`,
        );
      }
      if (vectors[index] !== undefined)
        throw new EmbeddingResponseError(`${source} answered index ${index} twice`);
      vectors[index] = l2Normalised(parseVector(item.embedding, this.dimensions, source));
    }
    // Every slot is filled: `count` distinct indices in [0, count).
    return vectors as number[][];
  }
}
