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
