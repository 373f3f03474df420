import { describe, expect, it } from 'vitest';
import { functionPhysicalName, pascal } from '../../infra/aws/naming.ts';
import { outboxRelay, tables } from '../../infra/resources.ts';
import { resourcesOf, synth } from './synth.ts';

const dev = synth();
const stateful = dev.statefulTemplate;
const stateless = dev.statelessTemplate;

const outboxTable = () => {
  const found = resourcesOf(stateful, 'AWS::DynamoDB::GlobalTable').find(([id]) =>
    id.startsWith(`Data${pascal(outboxRelay.table)}`),
  );
  if (!found) throw new Error('no outbox table');
  return { id: found[0], properties: found[1].Properties as Record<string, unknown> };
};

const relayMapping = () => {
  const relay = resourcesOf(stateless, 'AWS::Lambda::Function').find(
    ([, fn]) => fn.Properties.FunctionName === functionPhysicalName(outboxRelay.consumer, 'dev'),
  );
  const mappings = resourcesOf(stateless, 'AWS::Lambda::EventSourceMapping').filter(([, mapping]) =>
    JSON.stringify(mapping.Properties.FunctionName).includes(relay?.[0] ?? '-'),
  );
  expect(mappings).toHaveLength(1);
  return mappings[0]?.[1].Properties as Record<string, unknown>;
};

describe('the outbox: a stream of its events, relayed to the bus', () => {
  it('the outbox table streams new images and expires its items by TTL', () => {
    const { properties } = outboxTable();
    expect(properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(properties.TimeToLiveSpecification).toEqual({
      AttributeName: tables.outbox.ttlAttribute,
      Enabled: true,
    });
  });

  it('no other table has a stream', () => {
    const streamed = resourcesOf(stateful, 'AWS::DynamoDB::GlobalTable').filter(
      ([, table]) => table.Properties.StreamSpecification !== undefined,
    );
    expect(streamed.map(([id]) => id)).toEqual([outboxTable().id]);
  });

  it('relay-outbox reads the stream: INSERTs only, in batches, partial batch failures, bisect and retries', () => {
    const mapping = relayMapping();
    expect(JSON.stringify(mapping.EventSourceArn)).toContain(outboxTable().id);
    expect(mapping).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: outboxRelay.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: outboxRelay.retryAttempts,
      // TTL expiry is a REMOVE: filtered out before any invocation.
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
    });
  });

  it('a batch that keeps failing is described in a DLQ, and a message there raises an alarm', () => {
    const mapping = relayMapping();
    const destination = JSON.stringify(
      (mapping.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination,
    );
    const dlq = resourcesOf(stateless, 'AWS::SQS::Queue').find(
      ([, queue]) => queue.Properties.QueueName === 'vetted-dev-outbox-relay-dlq',
    );
    expect(dlq).toBeDefined();
    expect(destination).toContain(dlq?.[0]);
    const alarms = resourcesOf(stateless, 'AWS::CloudWatch::Alarm').filter(([, alarm]) =>
      JSON.stringify(alarm.Properties.Dimensions ?? []).includes(dlq?.[0] ?? '-'),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.[1].Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('relay-outbox may put events on the bus, and nothing on any queue', () => {
    const relay = resourcesOf(stateless, 'AWS::Lambda::Function').find(
      ([, fn]) => fn.Properties.FunctionName === functionPhysicalName(outboxRelay.consumer, 'dev'),
    );
    const policies = resourcesOf(stateless, 'AWS::IAM::Policy').filter(([, policy]) =>
      JSON.stringify(policy.Properties.Roles).includes(pascal(outboxRelay.consumer)),
    );
    const actions = policies.flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap(
        (statement) => [statement.Action].flat(),
      ),
    );
    expect(relay).toBeDefined();
    expect(actions).toContain('events:PutEvents');
    expect(actions.filter((action) => action.startsWith('sqs:')).sort()).toEqual([
      // Only the event source's failure destination: describing a failed batch in the DLQ.
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
  });
});
