import * as z from 'zod';

/**
 * Runtime configuration, read once per container from the environment the
 * CDK app (or the local runtime) sets. Every variable is listed in the README.
 * The table, queue and bus variable names are the `envVar`s of
 * infra/resources.ts (a unit test holds the two together).
 */
const envSchema = z.object({
  QUESTIONS_TABLE: z.string().min(1).default('vetted-questions'),
  ARTICLES_TABLE: z.string().min(1).default('vetted-articles'),
  SOURCES_TABLE: z.string().min(1).default('vetted-sources'),
  REVIEWERS_TABLE: z.string().min(1).default('vetted-reviewers'),
  DRAFT_QUEUE_URL: z.string().default(''),
  PUBLICATION_QUEUE_URL: z.string().default(''),
  REVIEWER_NAMES_QUEUE_URL: z.string().default(''),
  EVENT_BUS_NAME: z.string().default('vetted-events'),
  AWS_REGION: z.string().default('us-east-1'),
  /** Set only by the local runtime: where DynamoDB Local and the SQS emulator listen. */
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  SQS_ENDPOINT: z.string().url().optional(),
  REQUIRED_APPROVALS: z.coerce.number().int().min(1).max(10).default(1),
  DRAFT_GENERATOR: z.enum(['local', 'bedrock', 'openai-compatible']).default('local'),
  BEDROCK_MODEL_ID: z.string().optional(),
  BEDROCK_REGION: z.string().optional(),
  BEDROCK_ENDPOINT: z.string().url().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  EDITORIAL_POLICY_URL: z.string().url().default('https://example.org/editorial-policy'),
  DISCLAIMER: z
    .string()
    .default(
      'This article is general information reviewed by clinicians. It is not a substitute for advice from your own doctor.',
    ),
  /** Shown above a draft the asker reads before review (GET /v1/questions/{id}/answer). */
  PENDING_ANSWER_NOTICE: z
    .string()
    .trim()
    .min(1)
    .default(
      'Educational use only. This answer was drafted automatically from our reference library and has not yet been reviewed by a clinician: exercise caution, and do not use it in place of advice from your own doctor.',
    ),
  AUTH_MODE: z.enum(['local', 'jwks']).default('local'),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  JWKS_URL: z.string().url().optional(),
  JWT_GROUPS_CLAIM: z.string().default('cognito:groups'),
  VETTED_DATA_DIR: z.string().default('.vetted'),
  /** Questions left in `drafting` longer than this are re-driven by the reconciler. */
  DRAFTING_DEADLINE_S: z.coerce.number().int().positive().default(900),
  /** Messages lost after a write are re-sent once the write is this old. */
  RECONCILE_GRACE_S: z.coerce.number().int().nonnegative().default(60),
});

export interface Config {
  tables: { questions: string; articles: string; sources: string; reviewers: string };
  queues: { draftRequests: string; publication: string; reviewerNames: string };
  eventBusName: string;
  region: string;
  endpoints: { dynamodb?: string; sqs?: string };
  requiredApprovals: number;
  generator: {
    adapter: 'local' | 'bedrock' | 'openai-compatible';
    bedrockModelId?: string;
    bedrockRegion?: string;
    bedrockEndpoint?: string;
    openaiBaseUrl?: string;
    openaiModel?: string;
    openaiApiKey?: string;
  };
  publication: { editorialPolicyUrl: string; disclaimer: string };
  /** The asker's answer before review. */
  pendingAnswer: { notice: string };
  auth: {
    mode: 'local' | 'jwks';
    issuer?: string;
    audience?: string;
    jwksUrl?: string;
    groupsClaim: string;
    dataDir: string;
  };
  reconcile: { draftingDeadlineSeconds: number; graceSeconds: number };
}

export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Invalid configuration in environment: ${fields}`);
  }
  const e = parsed.data;
  return {
    tables: {
      questions: e.QUESTIONS_TABLE,
      articles: e.ARTICLES_TABLE,
      sources: e.SOURCES_TABLE,
      reviewers: e.REVIEWERS_TABLE,
    },
    queues: {
      draftRequests: e.DRAFT_QUEUE_URL,
      publication: e.PUBLICATION_QUEUE_URL,
      reviewerNames: e.REVIEWER_NAMES_QUEUE_URL,
    },
    eventBusName: e.EVENT_BUS_NAME,
    region: e.AWS_REGION,
    endpoints: { dynamodb: e.DYNAMODB_ENDPOINT, sqs: e.SQS_ENDPOINT },
    requiredApprovals: e.REQUIRED_APPROVALS,
    generator: {
      adapter: e.DRAFT_GENERATOR,
      bedrockModelId: e.BEDROCK_MODEL_ID,
      bedrockRegion: e.BEDROCK_REGION,
      bedrockEndpoint: e.BEDROCK_ENDPOINT,
      openaiBaseUrl: e.OPENAI_BASE_URL,
      openaiModel: e.OPENAI_MODEL,
      openaiApiKey: e.OPENAI_API_KEY,
    },
    publication: { editorialPolicyUrl: e.EDITORIAL_POLICY_URL, disclaimer: e.DISCLAIMER },
    pendingAnswer: { notice: e.PENDING_ANSWER_NOTICE },
    auth: {
      mode: e.AUTH_MODE,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      jwksUrl: e.JWKS_URL,
      groupsClaim: e.JWT_GROUPS_CLAIM,
      dataDir: e.VETTED_DATA_DIR,
    },
    reconcile: { draftingDeadlineSeconds: e.DRAFTING_DEADLINE_S, graceSeconds: e.RECONCILE_GRACE_S },
  };
};
