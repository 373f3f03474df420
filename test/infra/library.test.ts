import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  FUNCTION_ARCHITECTURE,
  functionBundling,
  LANCEDB_NODE_MODULES,
  NATIVE_INSTALL_ENVIRONMENT,
  usesLanceDb,
} from '../../infra/aws/bundling.ts';
import {
  type FunctionDescription,
  type FunctionName,
  functions,
  objectEvents,
} from '../../infra/resources.ts';
import {
  actionsOf,
  type IamStatement,
  lambdaOf,
  logicalIdOf,
  resourcesOf,
  type Synthesized,
  synth,
} from './synth.ts';

const dev = synth();
const prod = synth({ stage: 'prod' });
const functionEntries = Object.entries(functions) as [FunctionName, FunctionDescription][];

const libraryBucketId = (stack: Synthesized) =>
  logicalIdOf(stack.statefulTemplate, 'AWS::S3::Bucket', (id) => id.startsWith('LibraryBucket'));
const libraryBucket = (stack: Synthesized) =>
  stack.statefulTemplate.findResources('AWS::S3::Bucket')[libraryBucketId(stack)] as {
    Properties: Record<string, unknown>;
    DeletionPolicy: string;
  };

/** Statements of a function's role that name S3 actions, with their resources and conditions as JSON. */
const s3Statements = (name: FunctionName) =>
  lambdaOf(dev, name)
    .statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')))
    .map((statement) => {
      const s = statement as IamStatement & { Condition?: unknown };
      return {
        effect: s.Effect,
        actions: actionsOf(s).sort(),
        resource: JSON.stringify(s.Resource),
        condition: s.Condition,
      };
    });
/** The S3 actions a function may perform on objects under a prefix of the library bucket. */
const objectActionsOn = (name: FunctionName, prefix: string) =>
  s3Statements(name)
    .filter((s) => s.resource.endsWith(`/${prefix}*"]}`) || s.resource.includes(`/${prefix}*"`))
    .flatMap((s) => s.actions)
    .sort();
const listConditions = (name: FunctionName) =>
  s3Statements(name)
    .filter((s) => s.actions.includes('s3:ListBucket'))
    .map((s) => s.condition);

describe('the library bucket (stateful stack)', () => {
  it('is versioned, SSE-S3 encrypted, blocks all public access and logs access to its own log bucket', () => {
    const { Properties: bucket } = libraryBucket(dev);
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    const logs = bucket.LoggingConfiguration as { DestinationBucketName: unknown };
    expect(JSON.stringify(logs.DestinationBucketName)).toContain('LibraryAccessLogs');
  });

  it('sends its events to EventBridge natively (no notifications custom resource)', () => {
    expect(libraryBucket(dev).Properties.NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
    expect(resourcesOf(dev.statefulTemplate, 'Custom::S3BucketNotifications')).toEqual([]);
    expect(resourcesOf(dev.statefulTemplate, 'AWS::Lambda::Function')).toEqual([]);
  });

  it('denies every request without TLS, on the bucket and its objects', () => {
    const policies = resourcesOf(dev.statefulTemplate, 'AWS::S3::BucketPolicy').filter(
      ([, policy]) =>
        JSON.stringify(policy.Properties.Bucket) === JSON.stringify({ Ref: libraryBucketId(dev) }),
    );
    expect(policies).toHaveLength(1);
    const document = policies[0]?.[1].Properties.PolicyDocument as
      | { Statement: Record<string, unknown>[] }
      | undefined;
    const statements = document?.Statement ?? [];
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('is retained in prod and disposable in dev, like the tables', () => {
    expect(libraryBucket(prod).DeletionPolicy).toBe('Retain');
    expect(libraryBucket(dev).DeletionPolicy).toBe('Delete');
  });

  it('clears abandoned multipart uploads and old object versions', () => {
    const rules = (libraryBucket(dev).Properties.LifecycleConfiguration as { Rules: unknown[] }).Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
    );
  });
});

describe('library imports → load-library (stateless stack)', () => {
  const loader = lambdaOf(dev, 'load-library');

  it('a default-bus rule on Object Created under imports/ of the library bucket invokes the loader', () => {
    const rules = resourcesOf(dev.statelessTemplate, 'AWS::Events::Rule').filter(([, rule]) =>
      JSON.stringify(rule.Properties.Targets).includes(loader.id),
    );
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.[1].Properties as Record<string, unknown>;
    expect(rule.EventBusName).toBeUndefined();
    expect(rule.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: {
        bucket: { name: [{ 'Fn::ImportValue': expect.stringContaining(libraryBucketId(dev)) }] },
        object: { key: [{ prefix: 'imports/' }] },
      },
    });
    expect(objectEvents.libraryImports.prefix).toBe('imports/');
  });

  it('undeliverable events and failed loads (after retries) land in one encrypted, TLS-only DLQ that alarms', () => {
    const dlqId = logicalIdOf(
      dev.statelessTemplate,
      'AWS::SQS::Queue',
      (_id, properties) => properties.QueueName === 'vetted-dev-library-imports-dlq',
    );
    dev.statelessTemplate.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [loader.id, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
        }),
      ],
    });
    dev.statelessTemplate.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: loader.id },
      MaximumRetryAttempts: objectEvents.libraryImports.retryAttempts,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
    dev.statelessTemplate.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'vetted-dev-library-imports-dlq',
      SqsManagedSseEnabled: true,
    });
    dev.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'vetted-dev-LibraryImportsDlqDepth',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
    });
    dev.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'vetted-dev-LibraryLoadRefused',
      Namespace: 'Vetted',
      MetricName: 'LibraryLoadsRefused',
      Dimensions: [{ Name: 'service', Value: 'load-library' }],
    });
  });

  it('the loader: 3008 MB, 15 minutes, and one load at a time in prod', () => {
    expect(loader.properties).toMatchObject({ MemorySize: 3008, Timeout: 900 });
    expect(lambdaOf(prod, 'load-library').properties.ReservedConcurrentExecutions).toBe(1);
  });
});

describe('library bucket IAM: exactly each function’s prefixes and operations', () => {
  it('the loader reads imports/ and cannot write, delete or list there', () => {
    expect(objectActionsOn('load-library', 'imports/')).toEqual(['s3:GetObject']);
  });

  it('the loader reads, writes and (for its own half-written versions) deletes under index/, and lists only index/', () => {
    expect(objectActionsOn('load-library', 'index/')).toEqual([
      's3:AbortMultipartUpload',
      's3:DeleteObject',
      's3:GetObject',
      's3:PutObject',
    ]);
    expect(listConditions('load-library')).toEqual([{ StringLike: { 's3:prefix': ['index/*'] } }]);
  });

  it.each(['generate-draft', 'review-api'] as const)(
    '%s only reads index/ (GetObject, and ListBucket under index/): no put, delete or import access',
    (name) => {
      expect(objectActionsOn(name, 'index/')).toEqual(['s3:GetObject']);
      expect(objectActionsOn(name, 'imports/')).toEqual([]);
      expect(listConditions(name)).toEqual([{ StringLike: { 's3:prefix': ['index/*'] } }]);
      const actions = s3Statements(name).flatMap((s) => s.actions);
      for (const forbidden of ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:*']) {
        expect(actions).not.toContain(forbidden);
      }
    },
  );

  it('no other function has any S3 permission; every S3 statement names one prefix of the library bucket', () => {
    const withS3 = functionEntries.filter(([name]) => s3Statements(name).length > 0).map(([name]) => name);
    expect(withS3.sort()).toEqual(['generate-draft', 'load-library', 'review-api']);
    for (const name of withS3) {
      for (const statement of s3Statements(name)) {
        expect(statement.effect).toBe('Allow');
        expect(statement.resource, name).toMatch(/:s3:::vetted-dev-library-/);
        for (const action of statement.actions) expect(action, name).not.toMatch(/\*/);
        if (statement.actions.includes('s3:ListBucket')) {
          expect(statement.actions).toEqual(['s3:ListBucket']);
          expect(statement.condition, name).toBeDefined();
        } else {
          expect(statement.resource, name).toMatch(/\/(index|imports)\/\*"/);
        }
      }
    }
  });

  it('functions that use the index learn the bucket and its index prefix', () => {
    for (const name of ['generate-draft', 'review-api', 'load-library'] as const) {
      const { env } = lambdaOf(dev, name);
      expect(JSON.stringify(env.LIBRARY_INDEX_BUCKET), name).toContain(libraryBucketId(dev));
      expect(env.LIBRARY_INDEX_PREFIX, name).toBe('index/');
    }
    expect(lambdaOf(dev, 'public-read').env.LIBRARY_INDEX_BUCKET).toBeUndefined();
  });
});

describe('bundling of LanceDB', () => {
  it('load-library, generate-draft and review-api install LanceDB and Arrow into their asset, left out of the bundle', () => {
    const lance = functionEntries.filter(([, description]) => usesLanceDb(description)).map(([name]) => name);
    expect(lance.sort()).toEqual(['generate-draft', 'load-library', 'review-api']);
    for (const [name, description] of functionEntries) {
      const bundling = functionBundling(description) as ReturnType<typeof functionBundling> & {
        nodeModules?: string[];
        environment?: Record<string, string>;
      };
      if (lance.includes(name)) {
        expect(bundling.nodeModules, name).toEqual(['@lancedb/lancedb', 'apache-arrow']);
        expect(bundling.environment, name).toEqual(NATIVE_INSTALL_ENVIRONMENT);
      } else {
        expect(bundling.nodeModules, name).toBeUndefined();
      }
    }
    expect(LANCEDB_NODE_MODULES).toEqual(['@lancedb/lancedb', 'apache-arrow']);
  });

  it('npm installs the native package of the functions’ platform: Linux, glibc, arm64', () => {
    expect(FUNCTION_ARCHITECTURE.name).toBe('arm64');
    expect(NATIVE_INSTALL_ENVIRONMENT).toMatchObject({
      npm_config_os: 'linux',
      npm_config_cpu: 'arm64',
      npm_config_libc: 'glibc',
    });
    expect(lambdaOf(dev, 'load-library').properties.Architectures).toEqual(['arm64']);
  });
});
