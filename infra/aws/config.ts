import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import {
  type DraftGeneratorKind,
  PUBLICATION_DEFAULTS,
  parseRateLimitPerMinute,
  parseReviewCycle,
} from '../../shared/defaults.ts';
import type { BudgetLimits } from '../../shared/domain/generation-budget.ts';
import type { FunctionName } from '../resources.ts';

export type StageName = 'dev' | 'prod';

/**
 * Draft generators a deployment can run. `openai-compatible` also exists in
 * the functions, but it needs a base URL, a model and an API key that this
 * app does not provision, so a deploy refuses it.
 */
export const DEPLOYABLE_DRAFT_GENERATORS = [
  'local',
  'bedrock',
] as const satisfies readonly DraftGeneratorKind[];
export type DeployableDraftGenerator = (typeof DEPLOYABLE_DRAFT_GENERATORS)[number];

/** The bounds the functions' own configuration (REQUIRED_APPROVALS) accepts. */
export const REQUIRED_APPROVALS_RANGE = { min: 1, max: 10 } as const;

/** Everything that differs between stages, read once from CDK context. */
export interface StageConfig {
  readonly stage: StageName;
  /** Applied to tables, queues, the user pool and log groups. */
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly logRetention: RetentionDays;
  readonly archiveRetentionDays: number;
  /** Powertools' POWERTOOLS_LOG_LEVEL and Lambda's application log level, always the same. */
  readonly logLevel: 'DEBUG' | 'INFO';
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Allowed CORS origins; empty turns CORS off. */
  readonly corsOrigins: string[];
  /** Subscribed to the alarm topic when set. */
  readonly alarmEmail: string | undefined;
  readonly requiredApprovals: number;
  readonly editorialPolicyUrl: string;
  readonly disclaimer: string;
  readonly clinicianDisclaimer: string;
  readonly draftGenerator: DeployableDraftGenerator;
  /** The Bedrock model; granted and passed to the functions only when draftGenerator is bedrock. */
  readonly bedrockModelId: string;
  /** Put a CloudFront distribution in front of the public GET routes. */
  readonly cdn: boolean;
  /**
   * With `cdn`: the edge stack's CloudFront-scope web ACL ARN (context `webAclArn`), the default of the
   * stateless stack's `EdgeWebAclArn` parameter; unset, the parameter must be given at deploy.
   */
  readonly webAclArn: string | undefined;
  /**
   * RATE_LIMIT_PER_MINUTE, the number the local runtime enforces: anonymous writes per client
   * address per minute; 0 turns it off. With `cdn`, the edge stack's WAF rate-based rule enforces it
   * per client IP over 60 s.
   */
  readonly rateLimitPerMinute: number;
  /**
   * GENERATION_BUDGET_CALLS_PER_DAY / _TOKENS_PER_DAY of the draft generator (context
   * `generationBudgetCallsPerDay`, `generationBudgetTokensPerDay`, else the same environment
   * variables the local runtime reads); 0 = unlimited. Alarms fire at 80 % and 100 % when set.
   */
  readonly generationBudget: BudgetLimits;
  /** GENERATION_BUDGET_FALLBACK (context `generationBudgetFallback`): `wait` (default) or `local`. */
  readonly generationBudgetFallback: 'wait' | 'local';
  /** REVIEW_INTERVAL_DAYS and REVIEW_GRACE_DAYS of every function (context `reviewIntervalDays`, `reviewGraceDays`). */
  readonly reviewCycle: { readonly intervalDays: number; readonly graceDays: number };
  /**
   * Concurrency set aside per function: capacity a spike elsewhere (public
   * reads) cannot take, and a ceiling (one library load at a time). Prod only, and `--context
   * reservedConcurrency=false` turns it off: an account whose Lambda quota is
   * still the new-account 10 cannot reserve any.
   */
  readonly reservedConcurrency: Partial<Record<FunctionName, number>>;
}

/**
 * The reviewers keep working through a spike of public traffic, and the
 * reconciler runs one sweep at a time (a second would only re-send the same
 * messages) without ever taking capacity from the pipeline. Library loads
 * run one at a time too: each builds on the version the last one committed,
 * so two at once would each leave out the other's sources (a throttled load
 * waits in Lambda's asynchronous queue and runs after).
 */
export const PROD_RESERVED_CONCURRENCY: Partial<Record<FunctionName, number>> = {
  'review-api': 5,
  reconcile: 1,
  'load-library': 1,
};

export const DEFAULTS = {
  ...PUBLICATION_DEFAULTS,
  draftGenerator: 'bedrock',
  bedrockModelId: 'amazon.nova-lite-v1:0',
  devCorsOrigins: ['http://localhost:3000', 'http://localhost:5173'],
} as const;

const text = (node: Node, key: string): string | undefined => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
};

const list = (value: string | undefined): string[] | undefined =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/**
 * Stage configuration from CDK context (`--context stage=prod`, `cdn=true`, …).
 * Unknown stages are refused rather than silently treated as dev.
 */
export function stageConfig(node: Node): StageConfig {
  const stage = text(node, 'stage') ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod') {
    throw new Error(`Unknown stage '${stage}': use --context stage=dev or --context stage=prod`);
  }
  const prod = stage === 'prod';
  const requiredApprovals = parseRequiredApprovals(text(node, 'requiredApprovals'));
  const draftGenerator = parseDraftGenerator(text(node, 'draftGenerator'));
  return {
    stage,
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: prod,
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.TWO_WEEKS,
    archiveRetentionDays: prod ? 365 : 30,
    logLevel: prod ? 'INFO' : 'DEBUG',
    throttle: {
      rateLimit: parsePositiveInteger('throttleRate', text(node, 'throttleRate'), prod ? 200 : 50),
      burstLimit: parsePositiveInteger('throttleBurst', text(node, 'throttleBurst'), prod ? 400 : 100),
    },
    // The same CORS_ORIGINS the local runtime reads; context wins over it.
    corsOrigins:
      list(text(node, 'corsOrigins') ?? process.env.CORS_ORIGINS) ??
      (prod ? [] : [...DEFAULTS.devCorsOrigins]),
    alarmEmail: text(node, 'alarmEmail'),
    requiredApprovals,
    editorialPolicyUrl: text(node, 'editorialPolicyUrl') ?? DEFAULTS.editorialPolicyUrl,
    disclaimer: text(node, 'disclaimer') ?? DEFAULTS.disclaimer,
    clinicianDisclaimer: text(node, 'clinicianDisclaimer') ?? DEFAULTS.clinicianDisclaimer,
    draftGenerator,
    bedrockModelId: text(node, 'bedrockModelId') ?? DEFAULTS.bedrockModelId,
    cdn: text(node, 'cdn') === 'true',
    webAclArn: text(node, 'webAclArn'),
    // The same RATE_LIMIT_PER_MINUTE the local runtime reads; context wins over it.
    rateLimitPerMinute: parseRateLimitPerMinute(
      text(node, 'rateLimitPerMinute') ?? process.env.RATE_LIMIT_PER_MINUTE,
    ),
    generationBudget: {
      callsPerDay: parseBudgetLimit(
        'generationBudgetCallsPerDay',
        text(node, 'generationBudgetCallsPerDay') ?? process.env.GENERATION_BUDGET_CALLS_PER_DAY,
      ),
      tokensPerDay: parseBudgetLimit(
        'generationBudgetTokensPerDay',
        text(node, 'generationBudgetTokensPerDay') ?? process.env.GENERATION_BUDGET_TOKENS_PER_DAY,
      ),
    },
    generationBudgetFallback: parseBudgetFallback(
      text(node, 'generationBudgetFallback') ?? process.env.GENERATION_BUDGET_FALLBACK,
    ),
    // The same REVIEW_INTERVAL_DAYS / REVIEW_GRACE_DAYS the local runtime reads; context wins over them.
    reviewCycle: parseReviewCycle({
      REVIEW_INTERVAL_DAYS: text(node, 'reviewIntervalDays') ?? process.env.REVIEW_INTERVAL_DAYS,
      REVIEW_GRACE_DAYS: text(node, 'reviewGraceDays') ?? process.env.REVIEW_GRACE_DAYS,
    }),
    reservedConcurrency:
      prod && text(node, 'reservedConcurrency') !== 'false' ? PROD_RESERVED_CONCURRENCY : {},
  };
}

/** A positive whole number from context, or the default; anything else stops the synth with a sentence. */
function parsePositiveInteger(key: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value.trim());
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new Error(`${key} must be a positive whole number (requests per second), got '${value}'`);
  }
  return parsed;
}

/** A whole number of calls or tokens per day; unset or 0 = unlimited. */
function parseBudgetLimit(key: string, value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0;
  if (!/^\d+$/.test(value.trim())) {
    throw new Error(`${key} must be a whole number per day (0 = unlimited), got '${value}'`);
  }
  return Number(value.trim());
}

/** What drafting does once the budget is spent: wait for the reset, or compose extractively. */
function parseBudgetFallback(value: string | undefined): 'wait' | 'local' {
  const fallback = value?.trim() || 'wait';
  if (fallback !== 'wait' && fallback !== 'local')
    throw new Error(`generationBudgetFallback must be 'wait' or 'local', got '${value}'`);
  return fallback;
}

/** An integer within REQUIRED_APPROVALS_RANGE: the functions refuse any other value at runtime. */
function parseRequiredApprovals(value: string | undefined): number {
  const { min, max } = REQUIRED_APPROVALS_RANGE;
  const approvals = value === undefined ? min : Number(value.trim());
  if (!Number.isInteger(approvals) || approvals < min || approvals > max) {
    throw new Error(`requiredApprovals must be an integer from ${min} to ${max}, got '${value}'`);
  }
  return approvals;
}

function parseDraftGenerator(value: string | undefined): DeployableDraftGenerator {
  const generator = value?.trim() ?? DEFAULTS.draftGenerator;
  if (generator === 'openai-compatible') {
    throw new Error(
      "draftGenerator 'openai-compatible' cannot be deployed: it needs OPENAI_BASE_URL, OPENAI_MODEL and an API key that this app does not provide. Use --context draftGenerator=bedrock or draftGenerator=local",
    );
  }
  const deployable: readonly string[] = DEPLOYABLE_DRAFT_GENERATORS;
  if (!deployable.includes(generator)) {
    throw new Error(
      `Unknown draftGenerator '${generator}': use ${DEPLOYABLE_DRAFT_GENERATORS.map((g) => `draftGenerator=${g}`).join(' or ')}`,
    );
  }
  return generator as DeployableDraftGenerator;
}
