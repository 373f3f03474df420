/**
 * Configuration defaults shared by the functions (shared/config.ts) and the
 * CDK app (infra/aws/config.ts), so a deployment and `npm start` show the
 * same article footer unless told otherwise. No imports: every bundle may
 * take it.
 */
export const PUBLICATION_DEFAULTS = {
  editorialPolicyUrl: 'https://vetted.example/editorial-policy',
  disclaimer:
    'This article is general information reviewed by clinicians. It does not replace advice from a clinician who knows your situation.',
} as const;

/** The DraftGenerator adapters the functions can run (DRAFT_GENERATOR). */
export const DRAFT_GENERATOR_KINDS = ['local', 'bedrock', 'openai-compatible'] as const;
export type DraftGeneratorKind = (typeof DRAFT_GENERATOR_KINDS)[number];

/** The Embedder adapters (EMBEDDINGS): `none` keeps retrieval lexical (BM25 alone). */
export const EMBEDDINGS_KINDS = ['none', 'bedrock', 'openai-compatible'] as const;
export type EmbeddingsKind = (typeof EMBEDDINGS_KINDS)[number];

/**
 * Requests per client address per minute over the anonymous write routes together
 * (RATE_LIMIT_PER_MINUTE): the local runtime's gateway enforces it, and the CDK app reads the
 * same number (`StageConfig.rateLimitPerMinute`) for the AWS rule that is still to be built.
 * `0` turns the limit off (load tests, benches).
 */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 20;

/** RATE_LIMIT_PER_MINUTE as a whole number of requests (0: off), or an Error saying what is wrong. */
export const parseRateLimitPerMinute = (value: string | undefined): number => {
  if (value === undefined || value.trim() === '') return DEFAULT_RATE_LIMIT_PER_MINUTE;
  const parsed = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed))
    throw new Error(
      `RATE_LIMIT_PER_MINUTE must be a whole number of requests per client per minute (0 turns the limit off), not "${value}"`,
    );
  return parsed;
};
