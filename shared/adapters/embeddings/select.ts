/**
 * Picks the Embedder adapter from configuration; call once per container and reuse the result.
 * `none` (the default) means no vector search: retrieval stays BM25 alone.
 */
import { EMBEDDINGS_KINDS, type EmbeddingsKind } from '../../defaults.ts';
import type { Embedder } from '../../ports/embedder.ts';
import { type BedrockClientDependencies, bedrockRuntimeClient, isHttpUrl } from '../bedrock-runtime.ts';
import { BedrockTitanEmbedder, TITAN_DIMENSIONS, type TitanDimensions } from './bedrock-titan.ts';
import { OpenAiCompatibleEmbedder } from './openai-compatible.ts';

export { EMBEDDINGS_KINDS, type EmbeddingsKind };

export interface EmbedderConfig {
  /** Which adapter to use; `none` when unset. */
  EMBEDDINGS?: EmbeddingsKind | (string & {});
  /** Bedrock: a Titan Text Embeddings V2 model id (its default); openai-compatible: required. */
  EMBEDDINGS_MODEL?: string;
  /** Bedrock: 256, 512 (default) or 1024; openai-compatible: required, the model's vector size. */
  EMBEDDINGS_DIMENSIONS?: string | number;
  /** openai-compatible: send `dimensions` in the request (`true` for models that shorten vectors on request). */
  EMBEDDINGS_REQUEST_DIMENSIONS?: string;
  EMBEDDINGS_BASE_URL?: string;
  EMBEDDINGS_API_KEY?: string;
  /** openai-compatible: put before each query / passage, for models trained with instructions (not trimmed). */
  EMBEDDINGS_QUERY_PREFIX?: string;
  EMBEDDINGS_PASSAGE_PREFIX?: string;
  /** Shared with the bedrock generator. */
  BEDROCK_REGION?: string;
  BEDROCK_ENDPOINT?: string;
}

/** `bedrockClient` (e.g. the generator's) is reused instead of creating one from BEDROCK_REGION / BEDROCK_ENDPOINT. */
export interface EmbedderDependencies extends BedrockClientDependencies {
  fetch?: typeof fetch;
}

/** The configuration names an unknown adapter or lacks a setting the chosen adapter needs. */
export class EmbedderConfigError extends Error {
  override readonly name = 'EmbedderConfigError';
}

const TITAN_V2_MODEL = /titan-embed-text-v2/;

function setting(config: EmbedderConfig, key: keyof EmbedderConfig): string | undefined {
  const value = config[key];
  return value === undefined ? undefined : String(value).trim() || undefined;
}

function required(config: EmbedderConfig, key: keyof EmbedderConfig): string {
  const value = setting(config, key);
  if (!value) throw new EmbedderConfigError(`EMBEDDINGS=${config.EMBEDDINGS} needs ${key} to be set`);
  return value;
}

function wholeNumber(key: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new EmbedderConfigError(`${key} must be a positive whole number; got "${value}"`);
  }
  return number;
}

function flag(config: EmbedderConfig, key: keyof EmbedderConfig): boolean {
  const value = setting(config, key)?.toLowerCase();
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new EmbedderConfigError(`${key} must be true or false; got "${value}"`);
}

export function createEmbedder(
  config: EmbedderConfig,
  dependencies: EmbedderDependencies = {},
): Embedder | undefined {
  const kind = setting(config, 'EMBEDDINGS') ?? 'none';
  switch (kind) {
    case 'none':
      return undefined;
    case 'bedrock': {
      const modelId = setting(config, 'EMBEDDINGS_MODEL');
      if (modelId && !TITAN_V2_MODEL.test(modelId)) {
        throw new EmbedderConfigError(
          `EMBEDDINGS=bedrock speaks Amazon Titan Text Embeddings V2 only; EMBEDDINGS_MODEL "${modelId}" is not one`,
        );
      }
      const dimensions = wholeNumber(
        'EMBEDDINGS_DIMENSIONS',
        setting(config, 'EMBEDDINGS_DIMENSIONS') ?? '512',
      );
      if (!(TITAN_DIMENSIONS as readonly number[]).includes(dimensions)) {
        throw new EmbedderConfigError(
          `EMBEDDINGS_DIMENSIONS must be one of ${TITAN_DIMENSIONS.join(', ')} for Titan V2; got ${dimensions}`,
        );
      }
      const region = setting(config, 'BEDROCK_REGION');
      const endpoint = setting(config, 'BEDROCK_ENDPOINT');
      if (endpoint) assertUrl('BEDROCK_ENDPOINT', endpoint);
      const client = bedrockRuntimeClient({ region, endpoint }, dependencies);
      return new BedrockTitanEmbedder(client, { modelId, dimensions: dimensions as TitanDimensions });
    }
    case 'openai-compatible': {
      const baseUrl = required(config, 'EMBEDDINGS_BASE_URL');
      assertUrl('EMBEDDINGS_BASE_URL', baseUrl);
      // No default and no probe: the size is what an index is built for, so it is stated, then checked.
      const dimensions = wholeNumber('EMBEDDINGS_DIMENSIONS', required(config, 'EMBEDDINGS_DIMENSIONS'));
      // Prefixes keep their trailing space: `search_query: ` is the prefix, not `search_query:`.
      const queryPrefix = config.EMBEDDINGS_QUERY_PREFIX || undefined;
      const passagePrefix = config.EMBEDDINGS_PASSAGE_PREFIX || undefined;
      return new OpenAiCompatibleEmbedder({
        baseUrl,
        model: required(config, 'EMBEDDINGS_MODEL'),
        dimensions,
        requestDimensions: flag(config, 'EMBEDDINGS_REQUEST_DIMENSIONS'),
        apiKey: setting(config, 'EMBEDDINGS_API_KEY'),
        prefixes: { query: queryPrefix, passage: passagePrefix },
        fetch: dependencies.fetch,
      });
    }
    default:
      throw new EmbedderConfigError(
        `EMBEDDINGS must be one of ${EMBEDDINGS_KINDS.join(', ')}; got "${kind}"`,
      );
  }
}

function assertUrl(key: string, value: string): void {
  if (!isHttpUrl(value))
    throw new EmbedderConfigError(`${key} must be an absolute http(s) URL; got "${value}"`);
}
