import {
  DRAFT_GENERATOR_KINDS,
  type DraftGeneratorKind,
  EMBEDDINGS_KINDS,
  type EmbeddingsKind,
  PUBLICATION_DEFAULTS,
  parseReviewCycle,
} from './defaults.ts';
import type { BudgetLimits } from './domain/generation-budget.ts';
import { parseRetrySchedule, type WebhookTargetPolicy } from './domain/webhook.ts';
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
  WEBHOOKS_TABLE: z._default(z.string().check(z.minLength(1)), 'vetted-webhooks'),
  OUTBOX_TABLE: z._default(z.string().check(z.minLength(1)), 'vetted-outbox'),
  WEBHOOK_DELIVERIES_QUEUE_URL: z._default(z.string(), ''),
  SOURCE_WITHDRAWALS_QUEUE_URL: z._default(z.string(), ''),
  /** Seconds between webhook delivery attempts, comma-separated (parsed by parseRetrySchedule). */
  WEBHOOK_RETRY_SCHEDULE_S: z.optional(z.string()),
  /** `loopback` (the local runtime): deliveries may go to http://127.0.0.1 receivers. AWS: `public`. */
  WEBHOOK_TARGETS: z._default(z.enum(['public', 'loopback']), 'public'),
  EVENT_BUS_NAME: z._default(z.string(), 'vetted-events'),
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
  /** Set by the CDK app with `cdn`: CloudFront's secret header, required on anonymous writes (shared/http/origin-verify.ts). */
  ORIGIN_VERIFY_SECRET: z.optional(z.string().check(z.minLength(16))),
  /** The daily budget of remote-model calls and tokens (UTC days); 0 or unset = unlimited. */
  GENERATION_BUDGET_CALLS_PER_DAY: z._default(z.coercedInt().check(z.nonnegative()), 0),
  GENERATION_BUDGET_TOKENS_PER_DAY: z._default(z.coercedInt().check(z.nonnegative()), 0),
  /** When the budget is spent: `wait` (the question waits for the reset) or `local` (extractive draft). */
  GENERATION_BUDGET_FALLBACK: z._default(z.enum(['wait', 'local']), 'wait'),
  /** The vector half of hybrid retrieval; `none` keeps it BM25 alone. BEDROCK_REGION / _ENDPOINT are shared. */
  EMBEDDINGS: z._default(z.enum(EMBEDDINGS_KINDS), 'none'),
  EMBEDDINGS_MODEL: z.optional(z.string()),
  EMBEDDINGS_DIMENSIONS: z.optional(z.coercedInt().check(z.positive())),
  EMBEDDINGS_REQUEST_DIMENSIONS: z._default(z.enum(['true', 'false']), 'false'),
  EMBEDDINGS_BASE_URL: z.optional(z.url()),
  EMBEDDINGS_API_KEY: z.optional(z.string()),
  EMBEDDINGS_QUERY_PREFIX: z.optional(z.string()),
  EMBEDDINGS_PASSAGE_PREFIX: z.optional(z.string()),
  EDITORIAL_POLICY_URL: z._default(z.url(), PUBLICATION_DEFAULTS.editorialPolicyUrl),
  DISCLAIMER: z._default(z.string(), PUBLICATION_DEFAULTS.disclaimer),
  CLINICIAN_DISCLAIMER: z._default(z.string(), PUBLICATION_DEFAULTS.clinicianDisclaimer),
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
  /**
   * Where the library's search index versions live: an S3 bucket and prefix (AWS, set by the CDK), or a
   * directory (the local runtime sets it under its data directory). LIBRARY_INDEX_S3_ENDPOINT points
   * at a local S3 server (tests).
   */
  LIBRARY_INDEX_BUCKET: z.optional(z.string().check(z.minLength(1))),
  LIBRARY_INDEX_PREFIX: z._default(z.string(), 'index'),
  LIBRARY_INDEX_DIR: z.optional(z.string().check(z.minLength(1))),
  LIBRARY_INDEX_S3_ENDPOINT: z.optional(z.url()),
  /** Questions left in `drafting` longer than this are re-driven by the reconciler. */
  DRAFTING_DEADLINE_S: z._default(z.coercedInt().check(z.positive()), 900),
  /** The review cycle; parsed by parseReviewCycle (shared/defaults.ts), which says what is wrong. */
  REVIEW_INTERVAL_DAYS: z.optional(z.string()),
  REVIEW_GRACE_DAYS: z.optional(z.string()),
});

export interface Config {
  tables: {
    questions: string;
    articles: string;
    sources: string;
    reviewers: string;
    webhooks: string;
    /** Events written in the transaction of their state change; its stream carries them to the bus. */
    outbox: string;
  };
  queues: {
    draftRequests: string;
    publication: string;
    reviewerNames: string;
    webhookDeliveries: string;
    sourceWithdrawals: string;
  };
  webhooks: { retrySchedule: number[]; targets: WebhookTargetPolicy };
  eventBusName: string;
  /** Where the library's index versions live: a bucket and prefix in AWS, the data directory locally. */
  region: string;
  endpoints: { dynamodb?: string; sqs?: string };
  requiredApprovals: number;
  /** CloudFront's origin-verify secret; unset = anonymous writes are not checked for it. */
  originVerifySecret?: string;
  generator: {
    adapter: DraftGeneratorKind;
    bedrockModelId?: string;
    bedrockRegion?: string;
    bedrockEndpoint?: string;
    openaiBaseUrl?: string;
    openaiModel?: string;
    openaiApiKey?: string;
    /** The daily budget of remote-model calls and tokens; 0 = unlimited. */
    budget: BudgetLimits;
    budgetFallback: 'wait' | 'local';
  };
  /** The Embedder (shared/adapters/embeddings/select.ts); Bedrock's region and endpoint are the generator's. */
  embeddings: {
    adapter: EmbeddingsKind;
    model?: string;
    dimensions?: number;
    requestDimensions: boolean;
    baseUrl?: string;
    apiKey?: string;
    queryPrefix?: string;
    passagePrefix?: string;
  };
  /** What every article is published with; `reviewIntervalDays` is `reviewCycle.intervalDays`. */
  publication: {
    editorialPolicyUrl: string;
    disclaimer: string;
    clinicianDisclaimer: string;
    reviewIntervalDays: number;
  };
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
  reconcile: { draftingDeadlineSeconds: number };
  /** Days from a version's approval to its next review, and from then to the overdue notice. */
  reviewCycle: { intervalDays: number; graceDays: number };
  drafting: { maxReceiveCount?: number; claimLeaseSeconds?: number };
  /** The search index's root: `s3://bucket/prefix` or a directory; `s3` settings for a local S3 server. */
  libraryIndex: {
    root: string;
    s3?: { endpoint?: string; region?: string; allowHttp?: boolean; pathStyle?: boolean };
  };
}

const libraryIndexOf = (e: {
  LIBRARY_INDEX_BUCKET?: string;
  LIBRARY_INDEX_PREFIX: string;
  LIBRARY_INDEX_DIR?: string;
  LIBRARY_INDEX_S3_ENDPOINT?: string;
  VETTED_DATA_DIR: string;
  AWS_REGION: string;
}): Config['libraryIndex'] => {
  if (!e.LIBRARY_INDEX_BUCKET) return { root: e.LIBRARY_INDEX_DIR ?? `${e.VETTED_DATA_DIR}/library-index` };
  const prefix = e.LIBRARY_INDEX_PREFIX.replace(/^\/+|\/+$/g, '');
  const endpoint = e.LIBRARY_INDEX_S3_ENDPOINT;
  return {
    root: `s3://${e.LIBRARY_INDEX_BUCKET}${prefix ? `/${prefix}` : ''}`,
    s3: endpoint
      ? { endpoint, region: e.AWS_REGION, allowHttp: endpoint.startsWith('http:'), pathStyle: true }
      : { region: e.AWS_REGION },
  };
};

export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Invalid configuration in environment: ${fields}`);
  }
  const e = parsed.data;
  const reviewCycle = parseReviewCycle(e);
  return {
    tables: {
      questions: e.QUESTIONS_TABLE,
      articles: e.ARTICLES_TABLE,
      sources: e.SOURCES_TABLE,
      reviewers: e.REVIEWERS_TABLE,
      webhooks: e.WEBHOOKS_TABLE,
      outbox: e.OUTBOX_TABLE,
    },
    queues: {
      draftRequests: e.DRAFT_QUEUE_URL,
      publication: e.PUBLICATION_QUEUE_URL,
      reviewerNames: e.REVIEWER_NAMES_QUEUE_URL,
      webhookDeliveries: e.WEBHOOK_DELIVERIES_QUEUE_URL,
      sourceWithdrawals: e.SOURCE_WITHDRAWALS_QUEUE_URL,
    },
    webhooks: { retrySchedule: parseRetrySchedule(e.WEBHOOK_RETRY_SCHEDULE_S), targets: e.WEBHOOK_TARGETS },
    eventBusName: e.EVENT_BUS_NAME,
    region: e.AWS_REGION,
    endpoints: { dynamodb: e.DYNAMODB_ENDPOINT, sqs: e.SQS_ENDPOINT },
    requiredApprovals: e.REQUIRED_APPROVALS,
    ...(e.ORIGIN_VERIFY_SECRET ? { originVerifySecret: e.ORIGIN_VERIFY_SECRET } : {}),
    generator: {
      adapter: e.DRAFT_GENERATOR,
      bedrockModelId: e.BEDROCK_MODEL_ID,
      bedrockRegion: e.BEDROCK_REGION,
      bedrockEndpoint: e.BEDROCK_ENDPOINT,
      openaiBaseUrl: e.OPENAI_BASE_URL,
      openaiModel: e.OPENAI_MODEL,
      openaiApiKey: e.OPENAI_API_KEY,
      budgetFallback: e.GENERATION_BUDGET_FALLBACK,
      budget: {
        callsPerDay: e.GENERATION_BUDGET_CALLS_PER_DAY,
        tokensPerDay: e.GENERATION_BUDGET_TOKENS_PER_DAY,
      },
    },
    embeddings: {
      adapter: e.EMBEDDINGS,
      model: e.EMBEDDINGS_MODEL,
      dimensions: e.EMBEDDINGS_DIMENSIONS,
      requestDimensions: e.EMBEDDINGS_REQUEST_DIMENSIONS === 'true',
      baseUrl: e.EMBEDDINGS_BASE_URL,
      apiKey: e.EMBEDDINGS_API_KEY,
      queryPrefix: e.EMBEDDINGS_QUERY_PREFIX,
      passagePrefix: e.EMBEDDINGS_PASSAGE_PREFIX,
    },
    publication: {
      editorialPolicyUrl: e.EDITORIAL_POLICY_URL,
      disclaimer: e.DISCLAIMER,
      clinicianDisclaimer: e.CLINICIAN_DISCLAIMER,
      reviewIntervalDays: reviewCycle.intervalDays,
    },
    pendingAnswer: { notice: e.PENDING_ANSWER_NOTICE },
    auth: {
      mode: e.AUTH_MODE,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      jwksUrl: e.JWKS_URL,
      groupsClaim: e.JWT_GROUPS_CLAIM,
      dataDir: e.VETTED_DATA_DIR,
    },
    reconcile: { draftingDeadlineSeconds: e.DRAFTING_DEADLINE_S },
    reviewCycle,
    drafting: { maxReceiveCount: e.DRAFT_MAX_RECEIVE_COUNT, claimLeaseSeconds: e.DRAFT_CLAIM_LEASE_S },
    libraryIndex: libraryIndexOf(e),
  };
};
