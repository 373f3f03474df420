import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

export type StageName = 'dev' | 'prod';

/** Everything that differs between stages, read once from CDK context. */
export interface StageConfig {
  readonly stage: StageName;
  /** Applied to tables, queues, the user pool and log groups. */
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly logRetention: RetentionDays;
  readonly archiveRetentionDays: number;
  readonly logLevel: 'DEBUG' | 'INFO';
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Allowed CORS origins; empty turns CORS off. */
  readonly corsOrigins: string[];
  /** Subscribed to the alarm topic when set. */
  readonly alarmEmail: string | undefined;
  readonly requiredApprovals: number;
  readonly editorialPolicyUrl: string;
  readonly disclaimer: string;
  readonly draftGenerator: string;
  readonly bedrockModelId: string;
  /** Put a CloudFront distribution in front of the public GET routes. */
  readonly cdn: boolean;
}

export const DEFAULTS = {
  editorialPolicyUrl: 'https://vetted.example/editorial-policy',
  disclaimer:
    'This article is for general information and does not replace advice from a clinician who knows your situation.',
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
  const requiredApprovals = Number(text(node, 'requiredApprovals') ?? '1');
  if (!Number.isInteger(requiredApprovals) || requiredApprovals < 1) {
    throw new Error(`requiredApprovals must be a positive integer, got '${text(node, 'requiredApprovals')}'`);
  }
  return {
    stage,
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: prod,
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.TWO_WEEKS,
    archiveRetentionDays: prod ? 365 : 30,
    logLevel: prod ? 'INFO' : 'DEBUG',
    throttle: {
      rateLimit: Number(text(node, 'throttleRate') ?? (prod ? 200 : 50)),
      burstLimit: Number(text(node, 'throttleBurst') ?? (prod ? 400 : 100)),
    },
    corsOrigins: list(text(node, 'corsOrigins')) ?? (prod ? [] : [...DEFAULTS.devCorsOrigins]),
    alarmEmail: text(node, 'alarmEmail'),
    requiredApprovals,
    editorialPolicyUrl: text(node, 'editorialPolicyUrl') ?? DEFAULTS.editorialPolicyUrl,
    disclaimer: text(node, 'disclaimer') ?? DEFAULTS.disclaimer,
    draftGenerator: text(node, 'draftGenerator') ?? DEFAULTS.draftGenerator,
    bedrockModelId: text(node, 'bedrockModelId') ?? DEFAULTS.bedrockModelId,
    cdn: text(node, 'cdn') === 'true',
  };
}
