import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { dlqPhysicalName, functionPhysicalName, pascal, queuePhysicalName } from '../../infra/aws/naming.ts';
import {
  bus,
  type FunctionDescription,
  type FunctionName,
  functions,
  type QueueName,
  queues,
  RECONCILE_INTERVAL_SECONDS,
  type TableDescription,
  type TableName,
  tables,
  visibilityTimeoutSeconds,
} from '../../infra/resources.ts';
import { routes } from '../../shared/http/routes.ts';
import { resourcesOf, synth } from './synth.ts';

const dev = synth();
const stateful = dev.statefulTemplate;
const stateless = dev.statelessTemplate;

const tableEntries = Object.entries(tables) as [TableName, TableDescription][];
const queueEntries = Object.entries(queues) as [QueueName, (typeof queues)[QueueName]][];
const functionEntries = Object.entries(functions) as [FunctionName, FunctionDescription][];

const lambdaByName = (name: FunctionName) => {
  const found = resourcesOf(stateless, 'AWS::Lambda::Function').find(
    ([, fn]) => fn.Properties.FunctionName === functionPhysicalName(name, 'dev'),
  );
  if (!found) throw new Error(`no function ${name}`);
  return { id: found[0], properties: found[1].Properties as Record<string, unknown> };
};
const queueByName = (name: string) => {
  const found = resourcesOf(stateful, 'AWS::SQS::Queue').find(
    ([, queue]) => queue.Properties.QueueName === name,
  );
  if (!found) throw new Error(`no queue ${name}`);
  return { id: found[0], properties: found[1].Properties as Record<string, unknown> };
};
const envOf = (name: FunctionName) =>
  (lambdaByName(name).properties.Environment as { Variables: Record<string, unknown> }).Variables;

describe('DynamoDB tables from the resource description', () => {
  const globalTables = resourcesOf(stateful, 'AWS::DynamoDB::GlobalTable');

  it('one TableV2 per table, with its keys and indexes', () => {
    expect(globalTables).toHaveLength(tableEntries.length);
    for (const [key, description] of tableEntries) {
      const [, table] = globalTables.find(([id]) => id.startsWith(`Data${pascal(key)}`)) ?? [];
      expect(table, key).toBeDefined();
      expect(table?.Properties.KeySchema).toEqual([
        { AttributeName: description.partitionKey, KeyType: 'HASH' },
        { AttributeName: description.sortKey, KeyType: 'RANGE' },
      ]);
      const indexes = (table?.Properties.GlobalSecondaryIndexes ?? []) as {
        IndexName: string;
        KeySchema: unknown;
      }[];
      expect(indexes.map((index) => index.IndexName).sort()).toEqual(Object.keys(description.indexes).sort());
      for (const [indexName, index] of Object.entries(description.indexes)) {
        expect(indexes.find((i) => i.IndexName === indexName)?.KeySchema).toEqual([
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ]);
      }
      if (description.ttlAttribute) {
        expect(table?.Properties.TimeToLiveSpecification).toEqual({
          AttributeName: description.ttlAttribute,
          Enabled: true,
        });
      } else {
        expect(table?.Properties.TimeToLiveSpecification).toBeUndefined();
      }
    }
  });

  it('PITR and KMS encryption on every table', () => {
    for (const [id, table] of globalTables) {
      const replicas = table.Properties.Replicas as { PointInTimeRecoverySpecification?: unknown }[];
      expect(replicas.length, id).toBeGreaterThan(0);
      for (const replica of replicas) {
        expect(replica.PointInTimeRecoverySpecification, id).toEqual({ PointInTimeRecoveryEnabled: true });
      }
      expect(table.Properties.SSESpecification, id).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    }
  });
});

describe('queues and dead-letter queues', () => {
  it.each(queueEntries)(
    '%s: visibility ≥ 6 × consumer timeout, redrive after maxReceiveCount, SSE',
    (key, description) => {
      const source = queueByName(queuePhysicalName(key, 'dev'));
      const dlq = queueByName(dlqPhysicalName(key, 'dev'));
      const consumerTimeout = lambdaByName(description.consumer).properties.Timeout as number;
      expect(consumerTimeout).toBe(functions[description.consumer].timeoutSeconds);
      expect(source.properties.VisibilityTimeout).toBe(visibilityTimeoutSeconds(key));
      expect(source.properties.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * consumerTimeout);
      expect(source.properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [dlq.id, 'Arn'] },
        maxReceiveCount: description.maxReceiveCount,
      });
      expect(dlq.properties.MessageRetentionPeriod as number).toBeGreaterThan(
        source.properties.MessageRetentionPeriod as number,
      );
      expect(dlq.properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      expect(source.properties.MessageRetentionPeriod).toBe(4 * 24 * 3600);
      for (const queue of [source, dlq]) expect(queue.properties.SqsManagedSseEnabled).toBe(true);
    },
  );

  it('every queue denies non-TLS access', () => {
    const policies = resourcesOf(stateful, 'AWS::SQS::QueuePolicy');
    const denied = policies.flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement.filter(
        (statement) =>
          statement.Effect === 'Deny' &&
          JSON.stringify(statement.Condition) ===
            JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
      ).map(() => JSON.stringify(policy.Properties.Queues)),
    );
    for (const [, queue] of resourcesOf(stateful, 'AWS::SQS::Queue')) {
      const id = queueByName(queue.Properties.QueueName as string).id;
      expect(
        denied.some((queues) => queues.includes(`"${id}"`)),
        id,
      ).toBe(true);
    }
  });

  it.each(queueEntries)(
    '%s: consumed with ReportBatchItemFailures, batch size and max concurrency',
    (key, description) => {
      const source = queueByName(queuePhysicalName(key, 'dev'));
      const consumer = lambdaByName(description.consumer);
      const mappings = resourcesOf(stateless, 'AWS::Lambda::EventSourceMapping').filter(([, mapping]) =>
        JSON.stringify(mapping.Properties.EventSourceArn).includes(source.id),
      );
      expect(mappings).toHaveLength(1);
      expect(mappings[0]?.[1].Properties).toMatchObject({
        FunctionName: { Ref: consumer.id },
        BatchSize: description.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: description.maxConcurrency },
        // Fuller batches under load, at most a second added when quiet.
        MaximumBatchingWindowInSeconds: 1,
      });
    },
  );

  it('every event source mapping reports batch item failures', () => {
    const mappings = resourcesOf(stateless, 'AWS::Lambda::EventSourceMapping');
    // One per queue, and the outbox relay's on the outbox table's stream (test/infra/outbox.test.ts).
    expect(mappings).toHaveLength(queueEntries.length + 1);
    for (const [, mapping] of mappings) {
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
  });
});

describe('event bus', () => {
  it('has an archive of Vetted events', () => {
    stateful.hasResourceProperties('AWS::Events::EventBus', { Name: `${bus.name}-dev` });
    stateful.hasResourceProperties('AWS::Events::Archive', {
      EventPattern: { source: ['vetted'] },
      RetentionDays: Match.anyValue(),
    });
  });

  it.each(Object.entries(bus.rules))(
    'rule %s sends its pattern to its queue (DLQ: the queue’s DLQ)',
    (_name, rule) => {
      const target = queueByName(queuePhysicalName(rule.target, 'dev'));
      const dlq = queueByName(dlqPhysicalName(rule.target, 'dev'));
      stateful.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: rule.pattern,
        EventBusName: { Ref: Match.stringLikeRegexp('^EventsBus') },
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [target.id, 'Arn'] },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq.id, 'Arn'] } },
          }),
        ],
      });
    },
  );

  it('the approvals rule targets the publication queue', () => {
    const rule = bus.rules.approvalsToPublication;
    expect(rule.target).toBe('publication');
    const publication = queueByName(queuePhysicalName('publication', 'dev'));
    const rules = resourcesOf(stateful, 'AWS::Events::Rule');
    expect(rules.some(([, r]) => JSON.stringify(r.Properties.Targets).includes(`"${publication.id}"`))).toBe(
      true,
    );
  });
});

describe('functions', () => {
  const lambdas = resourcesOf(stateless, 'AWS::Lambda::Function');

  it('one per function of the description: Node.js 22, arm64, tracing, memory and timeout', () => {
    expect(lambdas).toHaveLength(functionEntries.length);
    for (const [name, description] of functionEntries) {
      expect(lambdaByName(name).properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: description.memoryMb,
        Timeout: description.timeoutSeconds,
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
    }
    for (const [id, fn] of lambdas) {
      expect(fn.Properties.Runtime, id).toBe('nodejs22.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
    }
  });

  it('each logs to an explicit log group; every log group has a retention', () => {
    for (const [id, fn] of lambdas) {
      expect((fn.Properties.LoggingConfig as { LogGroup?: unknown }).LogGroup, id).toEqual({
        Ref: expect.any(String),
      });
    }
    for (const template of [stateful, stateless]) {
      for (const [id, group] of resourcesOf(template, 'AWS::Logs::LogGroup')) {
        expect(group.Properties.RetentionInDays, id).toEqual(expect.any(Number));
      }
    }
  });

  // The table, queue and bus variables of each function: bindings.test.ts.
  it.each(functionEntries)('%s: env has the stage, Powertools and publication settings', (name) => {
    expect(envOf(name)).toMatchObject({
      STAGE: 'dev',
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: `vetted-${name}`,
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      REQUIRED_APPROVALS: '1',
      EDITORIAL_POLICY_URL: expect.any(String),
      DISCLAIMER: expect.any(String),
      CLINICIAN_DISCLAIMER: expect.any(String),
    });
  });

  it('functions serving role-protected routes verify Cognito JWTs (jwks mode)', () => {
    const verifying = new Set<FunctionName>(
      routes.filter((route) => 'role' in route).map((route) => route.function),
    );
    for (const [name] of functionEntries) {
      const env = envOf(name);
      if (verifying.has(name)) {
        expect(env).toMatchObject({
          AUTH_MODE: 'jwks',
          JWT_ISSUER: expect.anything(),
          JWT_AUDIENCE: expect.anything(),
        });
        expect(JSON.stringify(env.JWKS_URL)).toContain('/.well-known/jwks.json');
      } else {
        expect(env.AUTH_MODE, name).toBeUndefined();
      }
    }
  });

  const bedrockStatements = (template: typeof stateless) =>
    resourcesOf(template, 'AWS::IAM::Policy').flatMap(([, p]) =>
      (
        p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
      ).Statement.filter((s) => JSON.stringify(s.Action).includes('bedrock:')),
    );

  it('bedrock (the default): the draft generator gets its adapter, model and InvokeModel on exactly that model', () => {
    const generator = queues.draftRequests.consumer;
    expect(dev.config.draftGenerator).toBe('bedrock');
    expect(envOf(generator)).toMatchObject({
      DRAFT_GENERATOR: 'bedrock',
      BEDROCK_MODEL_ID: dev.config.bedrockModelId,
    });
    const bedrock = bedrockStatements(stateless);
    expect(bedrock).toHaveLength(1);
    expect(bedrock[0]?.Action).toBe('bedrock:InvokeModel');
    expect(JSON.stringify(bedrock[0]?.Resource)).toContain(`::foundation-model/${dev.config.bedrockModelId}`);
    for (const [name] of functionEntries) {
      if (name !== generator) expect(envOf(name).DRAFT_GENERATOR, name).toBeUndefined();
    }
  });

  it('local: DRAFT_GENERATOR=local, and neither BEDROCK_MODEL_ID nor any bedrock permission', () => {
    const custom = synth({ draftGenerator: 'local', bedrockModelId: 'amazon.nova-pro-v1:0' });
    for (const [, fn] of resourcesOf(custom.statelessTemplate, 'AWS::Lambda::Function')) {
      const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.BEDROCK_MODEL_ID, String(fn.Properties.FunctionName)).toBeUndefined();
      if (fn.Properties.FunctionName === functionPhysicalName(queues.draftRequests.consumer, 'dev')) {
        expect(env.DRAFT_GENERATOR).toBe('local');
      }
    }
    expect(bedrockStatements(custom.statelessTemplate)).toEqual([]);
  });

  it('the reconciler runs on an EventBridge Scheduler schedule every RECONCILE_INTERVAL_SECONDS', () => {
    const reconciler = lambdaByName('reconcile');
    expect(RECONCILE_INTERVAL_SECONDS % 60).toBe(0);
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: `rate(${RECONCILE_INTERVAL_SECONDS / 60} minutes)`,
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [reconciler.id, 'Arn'] } }),
    });
  });
});

describe('IAM least privilege', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
  const statements = [stateful, stateless].flatMap((template) =>
    ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role'].flatMap((type) =>
      resourcesOf(template, type).flatMap(([id, resource]) => {
        const documents = [
          resource.Properties.PolicyDocument,
          ...((resource.Properties.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map(
            (p) => p.PolicyDocument,
          ),
        ].filter(Boolean) as { Statement: Statement[] }[];
        return documents.flatMap((document) => document.Statement.map((statement) => ({ id, statement })));
      }),
    ),
  );
  const actionsOf = (statement: Statement) => [statement.Action].flat();
  const resourcesOfStatement = (statement: Statement) => [statement.Resource].flat();

  it('no statement allows every action', () => {
    expect(statements.length).toBeGreaterThan(0);
    for (const { id, statement } of statements) {
      for (const action of actionsOf(statement)) {
        expect(action, id).not.toBe('*');
        expect(action, id).not.toMatch(/^(dynamodb|sqs):\*$/);
      }
    }
  });

  it('no DynamoDB or SQS permission on a wildcard resource', () => {
    const dataStatements = statements.filter(({ statement }) =>
      actionsOf(statement).some((action) => /^(dynamodb|sqs):/.test(action)),
    );
    expect(dataStatements.length).toBeGreaterThan(0);
    for (const { id, statement } of dataStatements) {
      for (const resource of resourcesOfStatement(statement)) {
        expect(resource, id).not.toBe('*');
        expect(JSON.stringify(resource), id).not.toContain('*');
      }
    }
  });

  it('Resource * only for X-Ray, which has no resource-level permissions', () => {
    for (const { id, statement } of statements) {
      if (resourcesOfStatement(statement).includes('*')) {
        for (const action of actionsOf(statement)) expect(action, id).toMatch(/^xray:/);
      }
    }
  });

  it('no AWS managed policies on function roles', () => {
    for (const [id, role] of resourcesOf(stateless, 'AWS::IAM::Role')) {
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
  });
});
