import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunctionResource } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  type BucketName,
  buckets,
  type ObjectAccess,
  type ObjectEventRule,
  type ObjectOperation,
  objectEvents,
  type PrefixDescription,
} from '../../resources.ts';
import type { StageConfig } from '../config.ts';
import { libraryBucketName, pascal } from '../naming.ts';
import { standaloneDlq } from './queues.ts';

/** Days the server access logs of the library bucket are kept. */
export const ACCESS_LOG_RETENTION_DAYS = { dev: 30, prod: 365 } as const;

/** A bucket of the resource description together with what a function needs to be bound to it. */
export interface DataBucket {
  readonly key: BucketName;
  readonly bucket: IBucket;
  readonly stage: string;
}

/**
 * The bucket's ARN built from its name (naming.ts), in the stack of `scope`.
 * Grants use it rather than the stateful stack's export: the same bucket,
 * and an ARN cdk-nag can name (its finding ids hold the resolved ARN, which
 * for an import would hold a hashed export name). The env var still imports
 * the name, so the stateful stack cannot drop a bucket a function uses.
 */
export const bucketArn = (scope: Construct, bound: DataBucket): string =>
  Stack.of(scope).formatArn({
    service: 's3',
    region: '',
    account: '',
    resource: libraryBucketName(bound.stage, Aws.ACCOUNT_ID, Aws.REGION),
  });

/** cdk-nag's name for an object ARN of a prefix, as bindBucket grants it. */
export const objectArnFinding = (bound: DataBucket, prefix: string): string =>
  `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${libraryBucketName(bound.stage, '<AWS::AccountId>', '<AWS::Region>')}/${prefix}*]`;

/**
 * The library bucket (stateful stack): import files under `imports/`, index
 * versions under `index/`. Versioned (an overwritten or deleted import or
 * index file can be recovered), S3-managed encryption (as the queues: no key
 * to manage, and no KMS request per GET: LanceDB reads an index in many
 * ranged GETs), public access blocked, TLS only, server access logs to a
 * bucket of their own, EventBridge notifications on (the loader's rule lives
 * in the stateless stack; an S3 → Lambda notification would make the two
 * stacks depend on each other). Retained in prod, like the tables.
 */
export class LibraryBucket extends Construct {
  readonly library: DataBucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { config } = props;
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      // Log delivery writes only to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Log delivery writes with the log-delivery group's ACL: the CDK sets ObjectWriter and that ACL.
      lifecycleRules: [{ expiration: Duration.days(ACCESS_LOG_RETENTION_DAYS[config.stage]) }],
      removalPolicy: config.removalPolicy,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket receives the library bucket's server access logs; logging its own writes would only log log deliveries.",
    });
    const bucket = new Bucket(this, 'Bucket', {
      bucketName: libraryBucketName(config.stage, Aws.ACCOUNT_ID, Aws.REGION),
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'library/',
      lifecycleRules: [
        // LanceDB uploads large files in parts; a build that died mid-upload leaves parts nobody completes.
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Index files are written once; old object versions only come from drops and re-uploads.
        { noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy: config.removalPolicy,
    });
    // EventBridge notifications as the bucket's own property: `eventBridgeEnabled: true` would
    // set them through a custom resource (a Lambda function with a managed policy) instead.
    (bucket.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    this.library = { key: 'libraryIndex', bucket, stage: config.stage };
  }
}

/** The IAM actions behind each object operation of the resource description (`list` is on the bucket). */
export const OBJECT_ACTIONS: Record<ObjectOperation, readonly string[]> = {
  read: ['s3:GetObject'],
  list: ['s3:ListBucket'],
  write: ['s3:PutObject', 's3:AbortMultipartUpload'],
  delete: ['s3:DeleteObject'],
};

/**
 * Binds a function to the prefixes of a bucket in one call: the bucket's
 * name (and each prefix that names an env var) in its environment, and a
 * grant for exactly the operations of each access: object actions on
 * `<bucket>/<prefix>*`, ListBucket on the bucket only for a `prefix` inside it.
 */
export function bindBucket(
  fn: LambdaFunctionResource,
  bound: DataBucket,
  access: Partial<Record<string, ObjectAccess>>,
): void {
  const description = buckets[bound.key];
  fn.addEnvironment(description.envVar, bound.bucket.bucketName);
  const prefixes = description.prefixes as Record<string, PrefixDescription>;
  const arn = bucketArn(fn, bound);
  for (const [name, operations] of Object.entries(access)) {
    const prefix = prefixes[name];
    if (!prefix || !operations) throw new Error(`No prefix '${name}' in bucket ${bound.key}`);
    if (prefix.envVar) fn.addEnvironment(prefix.envVar, prefix.prefix);
    const objectActions = [
      ...new Set(operations.filter((op) => op !== 'list').flatMap((op) => OBJECT_ACTIONS[op])),
    ].sort();
    if (objectActions.length > 0) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: objectActions,
          resources: [`${arn}/${prefix.prefix}*`],
        }),
      );
      Validations.of(fn.role ?? fn).acknowledge({
        id: objectArnFinding(bound, prefix.prefix),
        reason: `Objects under ${prefix.prefix} of the library bucket are many, each named at runtime (index files of a version, uploaded imports): the grant is held to that one prefix and to exactly the actions of the function's access in infra/resources.ts.`,
      });
    }
    if (operations.includes('list')) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: [...OBJECT_ACTIONS.list],
          resources: [arn],
          conditions: { StringLike: { 's3:prefix': [`${prefix.prefix}*`] } },
        }),
      );
    }
  }
}

/**
 * What starts a library load in the stateless stack: a rule on the default
 * bus matching the bucket's Object Created events under `imports/`, invoking
 * the loader asynchronously. Lambda retries a failed load
 * (`retryAttempts` of the resource description), EventBridge retries a
 * delivery that failed; what is left of either lands in one DLQ, which the
 * monitoring alarms on.
 */
export class LibraryImports extends Construct {
  readonly rule: Rule;
  readonly dlq: IQueue;
  readonly description: ObjectEventRule;

  constructor(
    scope: Construct,
    id: string,
    props: { config: StageConfig; bucket: DataBucket; loader: LambdaFunctionResource },
  ) {
    super(scope, id);
    const { config, bucket, loader } = props;
    const description: ObjectEventRule = objectEvents.libraryImports;
    this.description = description;
    const dlq = standaloneDlq(this, {
      config,
      queueName: `vetted-${config.stage}-library-imports-dlq`,
      of: 'of the library import rule (undeliverable events) and of the loader’s asynchronous invocations (failed loads)',
    });
    this.dlq = dlq;
    loader.configureAsyncInvoke({
      retryAttempts: description.retryAttempts,
      // A load waiting longer than this (throttled behind another) goes to the DLQ rather than on forever.
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(dlq),
    });
    this.rule = new Rule(this, pascal('libraryImports'), {
      description: description.description,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [bucket.bucket.bucketName] },
          object: { key: Match.prefix(description.prefix) },
        },
      },
      targets: [
        new LambdaFunction(loader, {
          deadLetterQueue: dlq,
          retryAttempts: 8,
          maxEventAge: Duration.hours(2),
        }),
      ],
    });
  }
}
