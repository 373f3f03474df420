/**
 * Configuration defaults shared by the functions (shared/config.ts) and the
 * CDK app (infra/aws/config.ts), so a deployment and `npm start` show the
 * same article footer unless told otherwise. No imports: every bundle may
 * take it.
 */
export const PUBLICATION_DEFAULTS = {
  editorialPolicyUrl: 'https://vetted.example/editorial-policy',
  /** The plain disclaimer, served with the patient version. */
  disclaimer:
    'This article is general information reviewed by clinicians. It does not replace advice from a clinician who knows your situation.',
  /** The professional disclaimer, served with the clinician version. */
  clinicianDisclaimer:
    'This content is intended for healthcare professionals. It summarises the cited evidence as of its last review and supports, but does not replace, clinical judgment about an individual patient.',
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

/**
 * The review cycle (README "The review cycle"): a published version is due for re-review
 * REVIEW_INTERVAL_DAYS after its approval, and shows readers an overdue notice REVIEW_GRACE_DAYS
 * after that. Read by the functions (shared/config.ts) and the CDK app (infra/aws/config.ts).
 */
export const REVIEW_CYCLE_DEFAULTS = { intervalDays: 365, graceDays: 30 } as const;
/** Ten years: a longer interval is almost certainly a typo (days entered as hours, an extra zero). */
export const MAX_REVIEW_DAYS = 3650;

/**
 * A number of days of the review cycle from the environment or CDK context: a whole number from
 * `min` to MAX_REVIEW_DAYS, the default when unset, or an Error naming the setting and the value.
 */
export const parseReviewDays = (
  name: 'REVIEW_INTERVAL_DAYS' | 'REVIEW_GRACE_DAYS',
  value: string | undefined,
  fallback: number,
  min: number,
): number => {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || parsed < min || parsed > MAX_REVIEW_DAYS)
    throw new Error(
      `${name} must be a whole number of days from ${min} to ${MAX_REVIEW_DAYS}, not "${value}"`,
    );
  return parsed;
};

/** REVIEW_INTERVAL_DAYS and REVIEW_GRACE_DAYS together; at least a day between reviews, any grace from 0. */
export const parseReviewCycle = (env: {
  REVIEW_INTERVAL_DAYS?: string | undefined;
  REVIEW_GRACE_DAYS?: string | undefined;
}): { intervalDays: number; graceDays: number } => ({
  intervalDays: parseReviewDays(
    'REVIEW_INTERVAL_DAYS',
    env.REVIEW_INTERVAL_DAYS,
    REVIEW_CYCLE_DEFAULTS.intervalDays,
    1,
  ),
  graceDays: parseReviewDays('REVIEW_GRACE_DAYS', env.REVIEW_GRACE_DAYS, REVIEW_CYCLE_DEFAULTS.graceDays, 0),
});
