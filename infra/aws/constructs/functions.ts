import { join } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routes } from '../../../shared/http/routes.ts';
import {
  type Access,
  type BucketName,
  draftingEnvironment,
  type FunctionDescription,
  type FunctionName,
  functions,
  type ObjectAccess,
  type QueueName,
  queues,
  type TableName,
} from '../../resources.ts';
import { FUNCTION_ARCHITECTURE, FUNCTION_NODE_OPTIONS, functionBundling } from '../bundling.ts';
import type { StageConfig } from '../config.ts';
import { functionPhysicalName, pascal } from '../naming.ts';
import { repoRoot } from '../paths.ts';
import { bindBus } from './bus.ts';
import { consoleAssetHooks } from './console.ts';
import { bindTable, type DataTables } from './data.ts';
import { bindBucket, type DataBucket } from './library.ts';
import { bindQueueSender, type WorkQueues } from './queues.ts';

export type PipelineFunctionMap = Record<FunctionName, NodejsFunction>;

export interface TokenVerification {
  readonly issuer: string;
  /** App clients whose access tokens the API accepts. */
  readonly audiences: readonly string[];
}

export interface FunctionsProps {
  readonly config: StageConfig;
  readonly tables: DataTables;
  readonly queues: WorkQueues;
  readonly bus: IEventBus;
  readonly buckets: Record<BucketName, DataBucket>;
  readonly auth: TokenVerification;
}

/** Functions that serve a route with a role verify bearer tokens themselves (roles live in `cognito:groups`). */
const verifiesTokens = (name: FunctionName): boolean =>
  routes.some((route) => route.function === name && 'role' in route);

const APPLICATION_LOG_LEVEL: Record<StageConfig['logLevel'], ApplicationLogLevel> = {
  DEBUG: ApplicationLogLevel.DEBUG,
  INFO: ApplicationLogLevel.INFO,
};

/**
 * How long Lambda gathers messages before invoking a consumer: fuller batches
 * (fewer invocations, fewer cold starts) under load, at most a second added
 * to a quiet pipeline.
 */
export const MAX_BATCHING_WINDOW = Duration.seconds(1);

/** The consumer of the draft-requests queue is the one that generates drafts. */
const generatesDrafts = (name: FunctionName): boolean => queues.draftRequests.consumer === name;

/**
 * One NodejsFunction per function of the resource description (Node.js 22,
 * arm64, ESM, minified, source maps, AWS SDK bundled, X-Ray, JSON logs to an
 * explicit log group), bound to its tables, queues and the bus, and wired to
 * the queues it consumes with partial batch failure reporting.
 */
export class PipelineFunctions extends Construct {
  readonly functions: PipelineFunctionMap;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const { config } = props;
    const entries = (Object.entries(functions) as [FunctionName, FunctionDescription][]).map(
      ([name, description]) => {
        const fn = this.createFunction(name, description, props);
        for (const [table, access] of Object.entries(description.tables) as [TableName, Access][]) {
          bindTable(fn, props.tables[table], access);
        }
        for (const [bucket, access] of Object.entries(description.buckets ?? {}) as [
          BucketName,
          Partial<Record<string, ObjectAccess>>,
        ][]) {
          bindBucket(fn, props.buckets[bucket], access);
        }
        for (const queue of description.sendsTo) bindQueueSender(fn, props.queues[queue]);
        if (description.publishesEvents) bindBus(fn, props.bus);
        if (verifiesTokens(name)) {
          fn.addEnvironment('AUTH_MODE', 'jwks');
          fn.addEnvironment('JWT_ISSUER', props.auth.issuer);
          fn.addEnvironment('JWT_AUDIENCE', props.auth.audiences.join(','));
          fn.addEnvironment('JWKS_URL', `${props.auth.issuer}/.well-known/jwks.json`);
        }
        if (generatesDrafts(name)) this.allowDraftGeneration(fn, config);
        return [name, fn] as const;
      },
    );
    this.functions = Object.fromEntries(entries) as PipelineFunctionMap;

    for (const [key, description] of Object.entries(queues) as [QueueName, (typeof queues)[QueueName]][]) {
      this.functions[description.consumer].addEventSource(
        new SqsEventSource(props.queues[key].queue, {
          batchSize: description.batchSize,
          maxConcurrency: description.maxConcurrency,
          reportBatchItemFailures: true,
          maxBatchingWindow: MAX_BATCHING_WINDOW,
        }),
      );
    }
  }

  private createFunction(
    name: FunctionName,
    description: FunctionDescription,
    props: FunctionsProps,
  ): NodejsFunction {
    const { config } = props;
    const functionName = functionPhysicalName(name, config.stage);
    const logGroup = new LogGroup(this, `${pascal(name)}Logs`, {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: logs may go to this function's log group only.
    const role = new Role(this, `${pascal(name)}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Vetted ${config.stage} ${name}`,
    });
    logGroup.grantWrite(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray actions added by active tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) use Resource *: X-Ray does not support resource-level permissions. Data-service grants name their ARNs.',
    });
    return new NodejsFunction(this, pascal(name), {
      role,
      functionName,
      description: description.description,
      entry: join(repoRoot, description.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: FUNCTION_ARCHITECTURE,
      memorySize: description.memoryMb,
      timeout: Duration.seconds(description.timeoutSeconds),
      reservedConcurrentExecutions: config.reservedConcurrency[name],
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      // Lambda drops JSON log lines below its application log level (INFO unless set), so it
      // must match POWERTOOLS_LOG_LEVEL or DEBUG lines never reach the log group.
      applicationLogLevelV2: APPLICATION_LOG_LEVEL[config.logLevel],
      systemLogLevelV2: SystemLogLevel.INFO,
      environment: {
        STAGE: config.stage,
        NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
        POWERTOOLS_SERVICE_NAME: `vetted-${name}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Vetted',
        POWERTOOLS_LOG_LEVEL: config.logLevel,
        REQUIRED_APPROVALS: String(config.requiredApprovals),
        EDITORIAL_POLICY_URL: config.editorialPolicyUrl,
        DISCLAIMER: config.disclaimer,
        CLINICIAN_DISCLAIMER: config.clinicianDisclaimer,
        REVIEW_INTERVAL_DAYS: String(config.reviewCycle.intervalDays),
        REVIEW_GRACE_DAYS: String(config.reviewCycle.graceDays),
      },
      bundling: {
        ...functionBundling(description),
        // The console's UI is built at synth time and shipped next to its handler.
        ...(name === 'console' ? { commandHooks: consoleAssetHooks } : {}),
      },
    });
  }

  /** The draft generator's adapter; for Bedrock also its model, with InvokeModel on exactly that model. */
  private allowDraftGeneration(fn: NodejsFunction, config: StageConfig): void {
    fn.addEnvironment('DRAFT_GENERATOR', config.draftGenerator);
    for (const [envVar, value] of Object.entries(draftingEnvironment())) fn.addEnvironment(envVar, value);
    fn.addEnvironment('GENERATION_BUDGET_CALLS_PER_DAY', String(config.generationBudget.callsPerDay));
    fn.addEnvironment('GENERATION_BUDGET_TOKENS_PER_DAY', String(config.generationBudget.tokensPerDay));
    fn.addEnvironment('GENERATION_BUDGET_FALLBACK', config.generationBudgetFallback);
    if (config.draftGenerator !== 'bedrock') return;
    fn.addEnvironment('BEDROCK_MODEL_ID', config.bedrockModelId);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['bedrock:InvokeModel'],
        resources: [
          `arn:${fn.stack.partition}:bedrock:${fn.stack.region}::foundation-model/${config.bedrockModelId}`,
        ],
      }),
    );
  }
}
