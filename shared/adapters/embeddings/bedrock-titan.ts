/** Embedder over Amazon Titan Text Embeddings V2 on Bedrock Runtime (InvokeModel). */
import { type BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { type Embedder, EmbedderUnavailableError, type EmbeddingPurpose } from '../../ports/embedder.ts';
import {
  bedrockRetryAfterHeader,
  describeBedrockError,
  isTransientBedrockError,
} from '../bedrock-runtime.ts';
import { retryAfterSeconds } from '../openai-http.ts';
import { parseVector } from './vectors.ts';

export const TITAN_TEXT_EMBEDDINGS_V2 = 'amazon.titan-embed-text-v2:0';
/** The output sizes Titan V2 offers; anything else is a ValidationException. */
export const TITAN_DIMENSIONS = [256, 512, 1024] as const;
export type TitanDimensions = (typeof TITAN_DIMENSIONS)[number];
/**
 * Titan V2 takes at most 8,192 tokens and 50,000 characters; the character bound is the one a
 * client can check without the tokenizer, and English prose reaches it before the token bound.
 */
export const TITAN_MAX_INPUT_CHARACTERS = 50_000;

export interface BedrockTitanEmbedderOptions {
  /** A Titan Text Embeddings V2 model id or inference profile; TITAN_TEXT_EMBEDDINGS_V2 when unset. */
  modelId?: string;
  /** 512 when unset: half the storage of 1024 for about 99% of its retrieval accuracy (AWS's figure). */
  dimensions?: TitanDimensions;
  /** Titan embeds one text per call: this many calls are in flight at once. */
  concurrency?: number;
  /** Per call. */
  timeoutMs?: number;
}

/**
 * The text cut to Titan's character limit at a word boundary when one is near, never between
 * the two halves of a surrogate pair (which would send an unpaired surrogate, i.e. invalid UTF-8).
 */
export function truncateForTitan(text: string, maxCharacters = TITAN_MAX_INPUT_CHARACTERS): string {
  if (text.length <= maxCharacters) return text;
  let end = maxCharacters;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  // Cut at the last whitespace within the final 1% rather than through a word, which would embed a fragment.
  const lastSpace = text.slice(0, end).search(/\s\S*$/);
  if (lastSpace >= end - Math.ceil(maxCharacters / 100)) end = lastSpace;
  return text.slice(0, end);
}

interface TitanResponse {
  embedding?: unknown;
  inputTextTokenCount?: unknown;
}

export class BedrockTitanEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: TitanDimensions;
  private readonly concurrency: number;
  private readonly timeoutMs: number;

  /** The client is created once per container by the caller and shared across invocations. */
  constructor(
    private readonly client: BedrockRuntimeClient,
    options: BedrockTitanEmbedderOptions = {},
  ) {
    this.model = options.modelId ?? TITAN_TEXT_EMBEDDINGS_V2;
    this.dimensions = options.dimensions ?? 512;
    this.concurrency = options.concurrency ?? 4;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new RangeError(`concurrency must be a positive whole number; got ${this.concurrency}`);
    }
    if (!TITAN_DIMENSIONS.includes(this.dimensions)) {
      throw new RangeError(
        `Titan V2 embeds in ${TITAN_DIMENSIONS.join(', ')} dimensions; got ${this.dimensions}`,
      );
    }
  }

  /** Titan V2 embeds queries and passages alike: the purpose changes nothing on the wire. */
  async embed(texts: readonly string[], _purpose: EmbeddingPurpose): Promise<number[][]> {
    const vectors = new Array<number[]>(texts.length);
    let next = 0;
    let failure: { error: unknown } | undefined;
    // A small pool instead of Promise.all over every text: a batch of 500 passages would otherwise
    // open 500 calls at once and be throttled by the account's requests-per-minute quota.
    const worker = async () => {
      while (!failure && next < texts.length) {
        const index = next++;
        try {
          vectors[index] = await this.embedOne(texts[index] as string);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    // Every worker is waited for, so no call is still running (or retried by the caller twice) once this settles.
    await Promise.all(Array.from({ length: Math.min(this.concurrency, texts.length) }, worker));
    if (failure) throw failure.error;
    return vectors;
  }

  private async embedOne(text: string): Promise<number[]> {
    if (text.trim() === '') throw new Error('Titan cannot embed an empty text');
    const command = new InvokeModelCommand({
      modelId: this.model,
      contentType: 'application/json',
      accept: 'application/json',
      body: JSON.stringify({
        inputText: truncateForTitan(text),
        dimensions: this.dimensions,
        normalize: true,
      }),
    });
    let body: Uint8Array;
    try {
      const response = await this.client.send(command, { abortSignal: AbortSignal.timeout(this.timeoutMs) });
      body = response.body;
    } catch (error) {
      if (!isTransientBedrockError(error)) throw error;
      throw new EmbedderUnavailableError(
        `Bedrock embeddings are unavailable (${describeBedrockError(error)})`,
        {
          cause: error,
          retryAfterSeconds: retryAfterSeconds(bedrockRetryAfterHeader(error)),
        },
      );
    }
    let parsed: TitanResponse;
    try {
      parsed = JSON.parse(new TextDecoder().decode(body)) as TitanResponse;
    } catch (error) {
      // A 200 without a JSON body comes from a proxy or an endpoint mid-restart, not from the model.
      throw new EmbedderUnavailableError('Bedrock sent a non-JSON embeddings response', { cause: error });
    }
    return parseVector(parsed?.embedding, this.dimensions, `Titan (${this.model})`);
  }
}
