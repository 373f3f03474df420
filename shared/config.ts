import { DRAFT_GENERATOR_KINDS, type DraftGeneratorKind, PUBLICATION_DEFAULTS } from './defaults.ts';
import * as z from './zod.ts';

/**
 * Runtime configuration, read once per container from the environment the
 * CDK app (or the local runtime) sets. Every variable is listed in the README.
 * The table, queue and bus variable names are the `envVar`s of
 * infra/resources.ts (a unit test holds the two together).
 */
const envSchema = z.object({
  QUESTIONS_TABLE: z._default(z.string().check(z.minLength(1)), 'vetted-questions'),
  ARTICLES_TABLE: z._default(z.string().check(z.minLength(1)), 'vetted-articles'),
  SOURCES_TABLE: z._default(z.string().check(z.minLength(1)), 'vetted-sources'),
  REVIEWERS_TABLE: z._default(z.string().check(z.minLength(1)), 'vetted-reviewers'),
  DRAFT_QUEUE_URL: z._default(z.string(), ''),
  PUBLICATION_QUEUE_URL: z._default(z.string(), ''),
  REVIEWER_NAMES_QUEUE_URL: z._default(z.string(), ''),
  EVENT_BUS_NAME: z._default(z.string(), 'vetted-events'),
  /**
   * The library index bucket and the prefix of its index versions (infra/resources.ts `buckets`).
   * Unset locally: the index lives in the data directory.
   */
  LIBRARY_INDEX_BUCKET: z.optional(z.string().check(z.minLength(3))),
  LIBRARY_INDEX_PREFIX: z._default(z.string(), 'index/'),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
  /** Set only by the local runtime: where DynamoDB Local and the SQS emulator listen. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  SQS_ENDPOINT: z.optional(z.url()),
  REQUIRED_APPROVALS: z._default(z.coercedInt().check(z.gte(1), z.lte(10)), 1),
  DRAFT_GENERATOR: z._default(z.enum(DRAFT_GENERATOR_KINDS), 'local'),
  BEDROCK_MODEL_ID: z.optional(z.string()),
  BEDROCK_REGION: z.optional(z.string()),
  BEDROCK_ENDPOINT: z.optional(z.url()),
  OPENAI_BASE_URL: z.optional(z.url()),
  OPENAI_MODEL: z.optional(z.string()),
  OPENAI_API_KEY: z.optional(z.string()),
  EDITORIAL_POLICY_URL: z._default(z.url(), PUBLICATION_DEFAULTS.editorialPolicyUrl),
  DISCLAIMER: z._default(z.string(), PUBLICATION_DEFAULTS.disclaimer),
  /** Shown above a draft the asker reads before review (GET /v1/questions/{id}/answer). */
  PENDING_ANSWER_NOTICE: z._default(
    z.string().check(z.trim(), z.minLength(1)),
    'Educational use only. This answer was drafted automatically from our reference library and has not yet been reviewed by a clinician: exercise caution, and do not use it in place of advice from your own doctor.',
  ),
  AUTH_MODE: z._default(z.enum(['local', 'jwks']), 'local'),
  JWT_ISSUER: z.optional(z.string()),
  JWT_AUDIENCE: z.optional(z.string()),
  JWKS_URL: z.optional(z.url()),
  JWT_GROUPS_CLAIM: z._default(z.string(), 'cognito:groups'),
  VETTED_DATA_DIR: z._default(z.string(), '.vetted'),
  /**
   * Set for the draft-requests consumer only, from infra/resources.ts (by the CDK and the local
   * runtime): the queue's maxReceiveCount and the function's timeout, which bounds a drafting claim.
   */
  DRAFT_MAX_RECEIVE_COUNT: z.optional(z.coercedInt().check(z.positive())),
  DRAFT_CLAIM_LEASE_S: z.optional(z.coercedInt().check(z.positive())),
  /** Questions left in `drafting` longer than this are re-driven by the reconciler. */
  DRAFTING_DEADLINE_S: z._default(z.coercedInt().check(z.positive()), 900),
  /** Messages lost after a write are re-sent once the write is this old. */
  RECONCILE_GRACE_S: z._default(z.coercedInt().check(z.nonnegative()), 60),
});

export interface Config {
  tables: { questions: string; articles: string; sources: string; reviewers: string };
  queues: { draftRequests: string; publication: string; reviewerNames: string };
  eventBusName: string;
  /** Where the library's index versions live: a bucket and prefix in AWS, the data directory locally. */
  libraryIndex: { bucket?: string; prefix: string };
  region: string;
  endpoints: { dynamodb?: string; sqs?: string };
  requiredApprovals: number;
  generator: {
    adapter: DraftGeneratorKind;
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
  drafting: { maxReceiveCount?: number; claimLeaseSeconds?: number };
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
    libraryIndex: { bucket: e.LIBRARY_INDEX_BUCKET, prefix: e.LIBRARY_INDEX_PREFIX },
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
    drafting: { maxReceiveCount: e.DRAFT_MAX_RECEIVE_COUNT, claimLeaseSeconds: e.DRAFT_CLAIM_LEASE_S },
  };
};
