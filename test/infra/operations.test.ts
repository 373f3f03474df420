import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/aws/config.ts';
import {
  API_P99_THRESHOLD_MS,
  oldestMessageThresholdSeconds,
} from '../../infra/aws/constructs/monitoring.ts';
import { dlqPhysicalName, functionPhysicalName, pascal, queuePhysicalName } from '../../infra/aws/naming.ts';
import { type FunctionName, functions, objectEvents, type QueueName, queues } from '../../infra/resources.ts';
import { lambdaOf, nagFindings, resourcesOf, type Synthesized, synth } from './synth.ts';

const dev = synth();
const prod = synth({ stage: 'prod', alarmEmail: 'oncall@vetted.example', requiredApprovals: '3' });
const withCdn = synth({ stage: 'prod', cdn: 'true' });

const queueKeys = Object.keys(queues) as QueueName[];
const functionNames = Object.keys(functions) as FunctionName[];

const alarm = (stack: Synthesized, suffix: string) => {
  const name = `vetted-${stack.config.stage}-${suffix}`;
  const found = resourcesOf(stack.statelessTemplate, 'AWS::CloudWatch::Alarm').find(
    ([, a]) => a.Properties.AlarmName === name,
  );
  expect(found, name).toBeDefined();
  return found?.[1].Properties as Record<string, unknown>;
};
const topicId = (stack: Synthesized) => resourcesOf(stack.statelessTemplate, 'AWS::SNS::Topic')[0]?.[0];

describe('alarms → SNS topic', () => {
  it.each(queueKeys)('%s DLQ: any visible message alarms', (key) => {
    const props = alarm(dev, `${pascal(key)}DlqDepth`);
    expect(props).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [{ Ref: topicId(dev) }],
    });
    // The dimension is the DLQ's QueueName, imported from the stateful stack.
    const dimension = JSON.stringify(props.Dimensions);
    const dlqId = resourcesOf(dev.statefulTemplate, 'AWS::SQS::Queue').find(
      ([, q]) => q.Properties.QueueName === dlqPhysicalName(key, 'dev'),
    )?.[0];
    expect(dimension).toContain(`${dlqId}QueueName`);
  });

  it.each(queueKeys)('%s: oldest message age alarms', (key) => {
    const props = alarm(dev, `${pascal(key)}OldestMessage`);
    expect(props).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: oldestMessageThresholdSeconds(key),
      AlarmActions: [{ Ref: topicId(dev) }],
    });
    const sourceId = resourcesOf(dev.statefulTemplate, 'AWS::SQS::Queue').find(
      ([, q]) => q.Properties.QueueName === queuePhysicalName(key, 'dev'),
    )?.[0];
    expect(JSON.stringify(props.Dimensions)).toContain(`${sourceId}QueueName`);
  });

  it.each(functionNames)('%s: errors and throttles alarm', (name) => {
    for (const [suffix, metric] of [
      ['Errors', 'Errors'],
      ...(name === objectEvents.libraryImports.target ? [] : [['Throttles', 'Throttles'] as const]),
    ] as const) {
      const props = alarm(dev, `${pascal(name)}${suffix}`);
      expect(props).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Threshold: 0,
        AlarmActions: [{ Ref: topicId(dev) }],
      });
      expect(JSON.stringify(props.Dimensions)).toContain(`Functions${pascal(name)}`);
    }
  });

  it('the library loader has no throttles alarm: overlapping uploads wait by design; the DLQ alarm catches one that waits too long', () => {
    const loader = objectEvents.libraryImports.target;
    const names = resourcesOf(dev.statelessTemplate, 'AWS::CloudWatch::Alarm').map(
      ([, a]) => a.Properties.AlarmName,
    );
    expect(names).not.toContain(`vetted-dev-${pascal(loader)}Throttles`);
    expect(names).toContain('vetted-dev-LibraryImportsDlqDepth');
  });

  it('API 5xx and p99 latency alarm', () => {
    expect(alarm(dev, 'Api5xx')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Threshold: 0,
    });
    expect(alarm(dev, 'ApiLatencyP99')).toMatchObject({
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: API_P99_THRESHOLD_MS,
    });
  });

  it('every alarm notifies the topic; the topic requires TLS; prod e-mails on-call', () => {
    for (const [id, a] of resourcesOf(dev.statelessTemplate, 'AWS::CloudWatch::Alarm')) {
      expect(a.Properties.AlarmActions, id).toEqual([{ Ref: topicId(dev) }]);
    }
    const policy = JSON.stringify(
      resourcesOf(dev.statelessTemplate, 'AWS::SNS::TopicPolicy')[0]?.[1].Properties,
    );
    expect(policy).toContain('aws:SecureTransport');
    prod.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@vetted.example',
    });
  });

  it('one pipeline dashboard', () => {
    dev.statelessTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    dev.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'vetted-dev-pipeline',
    });
  });
});

describe('stages', () => {
  const statefulTypes = ['AWS::DynamoDB::GlobalTable', 'AWS::SQS::Queue', 'AWS::Cognito::UserPool'];

  it('prod: deletion protection and RETAIN on stateful resources; longer log retention', () => {
    for (const type of statefulTypes) {
      for (const [id, resource] of resourcesOf(prod.statefulTemplate, type)) {
        expect(resource.DeletionPolicy, id).toBe('Retain');
        expect(resource.UpdateReplacePolicy, id).toBe('Retain');
      }
    }
    for (const [id, table] of resourcesOf(prod.statefulTemplate, 'AWS::DynamoDB::GlobalTable')) {
      for (const replica of table.Properties.Replicas as { DeletionProtectionEnabled: boolean }[]) {
        expect(replica.DeletionProtectionEnabled, id).toBe(true);
      }
    }
    prod.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    for (const [id, group] of resourcesOf(prod.statelessTemplate, 'AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays, id).toBe(365);
      expect(group.DeletionPolicy, id).toBe('Retain');
    }
    expect(prod.stateful.terminationProtection).toBe(true);
    expect(prod.stateful.stackName).toBe('Vetted-prod-Stateful');
    expect(prod.stateless.stackName).toBe('Vetted-prod-Stateless');
  });

  it('dev: everything is disposable', () => {
    for (const type of statefulTypes) {
      for (const [id, resource] of resourcesOf(dev.statefulTemplate, type)) {
        expect(resource.DeletionPolicy, id).toBe('Delete');
      }
    }
    for (const [id, table] of resourcesOf(dev.statefulTemplate, 'AWS::DynamoDB::GlobalTable')) {
      for (const replica of table.Properties.Replicas as { DeletionProtectionEnabled: boolean }[]) {
        expect(replica.DeletionProtectionEnabled, id).toBe(false);
      }
    }
    expect(dev.stateful.terminationProtection).toBe(false);
  });

  it('the stage name is part of every physical name', () => {
    prod.statelessTemplate.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: functionPhysicalName('review-api', 'prod'),
    });
    prod.statefulTemplate.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'vetted-prod-publication-dlq',
    });
  });

  it('refuses an unknown stage', () => {
    expect(() => synth({ stage: 'staging' })).toThrow(/Unknown stage 'staging'/);
  });

  it.each([
    ['dev', dev, 'DEBUG'],
    ['prod', prod, 'INFO'],
  ] as const)(
    '%s: Lambda filters JSON application logs at the stage log level, the same as POWERTOOLS_LOG_LEVEL',
    (_stage, stack, level) => {
      expect(stack.config.logLevel).toBe(level);
      for (const name of functionNames) {
        const fn = lambdaOf(stack, name);
        expect(fn.properties.LoggingConfig, name).toMatchObject({
          LogFormat: 'JSON',
          ApplicationLogLevel: level,
          SystemLogLevel: 'INFO',
        });
        expect(fn.env.POWERTOOLS_LOG_LEVEL, name).toBe(level);
      }
    },
  );
});

describe('stage configuration from context', () => {
  it('requiredApprovals reaches every function as REQUIRED_APPROVALS', () => {
    expect(prod.config.requiredApprovals).toBe(3);
    for (const name of functionNames) expect(lambdaOf(prod, name).env.REQUIRED_APPROVALS, name).toBe('3');
  });

  it('accepts requiredApprovals from 1 to 10', () => {
    for (const value of ['1', '10']) {
      expect(stageConfig(new App({ context: { requiredApprovals: value } }).node).requiredApprovals).toBe(
        Number(value),
      );
    }
  });

  it.each(['0', '11', '1.5', '-2', 'two'])('refuses requiredApprovals=%s at synth', (value) => {
    expect(() => synth({ requiredApprovals: value })).toThrow(
      new RegExp(`requiredApprovals must be an integer from 1 to 10, got '${value}'`),
    );
  });

  it.each([
    ['throttleRate', 'abc'],
    ['throttleRate', '0'],
    ['throttleBurst', '-5'],
    ['throttleBurst', '2.5'],
  ])('refuses %s=%s at synth with a sentence instead of synthesizing null', (key, value) => {
    expect(() => synth({ [key]: value })).toThrow(
      new RegExp(`${key} must be a positive whole number \\(requests per second\\), got '${value}'`),
    );
  });

  it('refuses draftGenerator=openai-compatible at synth: the app provides no base URL, model or key', () => {
    expect(() => synth({ draftGenerator: 'openai-compatible' })).toThrow(
      /draftGenerator 'openai-compatible' cannot be deployed: it needs OPENAI_BASE_URL, OPENAI_MODEL and an API key/,
    );
  });

  it('refuses an unknown draftGenerator at synth', () => {
    expect(() => synth({ draftGenerator: 'gpt' })).toThrow(
      /Unknown draftGenerator 'gpt': use draftGenerator=local or draftGenerator=bedrock/,
    );
  });

  it('accepts draftGenerator local and bedrock', () => {
    for (const generator of ['local', 'bedrock']) {
      expect(stageConfig(new App({ context: { draftGenerator: generator } }).node).draftGenerator).toBe(
        generator,
      );
    }
  });
});

describe('reserved concurrency', () => {
  const reserved = (stack: Synthesized) =>
    Object.fromEntries(
      (Object.keys(functions) as FunctionName[]).flatMap((name) => {
        const value = lambdaOf(stack, name).properties.ReservedConcurrentExecutions;
        return value === undefined ? [] : [[name, value]];
      }),
    );

  it('in prod, sets capacity aside for the reviewers and runs one reconciliation and one library load at a time', () => {
    expect(reserved(prod)).toEqual({ 'review-api': 5, reconcile: 1, 'load-library': 1 });
  });

  it('reserves nothing in dev, where accounts may have the new-account quota of 10', () => {
    expect(reserved(dev)).toEqual({});
  });

  it('can be turned off in prod for such an account', () => {
    const config = stageConfig(new App({ context: { stage: 'prod', reservedConcurrency: 'false' } }).node);
    expect(config.reservedConcurrency).toEqual({});
  });
});

describe('Cognito', () => {
  it('a user pool with reviewer, editor and admin groups and an app client', () => {
    const template = dev.statefulTemplate;
    const groups = resourcesOf(template, 'AWS::Cognito::UserPoolGroup').map(
      ([, g]) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['admin', 'editor', 'reviewer']);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      UserPoolTier: 'PLUS',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['dev', dev],
    ['prod', prod],
    ['prod with CDN', withCdn],
  ] as const)('%s: no unacknowledged finding (errors or warnings)', (_label, stack) => {
    expect(nagFindings(stack.app)).toEqual([]);
  });

  it('actually reports problems (the check is live)', () => {
    const stack = synth();
    const fn = stack.stateless.functions.functions['public-read'];
    fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    expect(nagFindings(stack.app).map((finding) => finding.rule)).toContain(
      'AwsSolutions-IAM5[Action::dynamodb:*]',
    );
  });
});
