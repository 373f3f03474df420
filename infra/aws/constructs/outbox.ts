import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  FilterCriteria,
  FilterRule,
  type Function as LambdaFunction,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { outboxRelay } from '../../resources.ts';
import type { StageConfig } from '../config.ts';
import { standaloneDlq } from './queues.ts';

/**
 * The outbox's stream to the bus: relay-outbox reads the outbox table's
 * stream through a DynamoDB event source (INSERT records only: TTL expiry
 * removes are filtered out before any invocation), in order, with partial
 * batch responses; a batch that keeps failing is bisected and retried, then
 * described in this DLQ (shard and sequence numbers: its events are still in
 * the outbox table for a week), which the monitoring alarms on.
 *
 * Why a function and not an EventBridge Pipe: the bus event's detail must be
 * the envelope as JSON, and the stream carries it as a DynamoDB-typed image;
 * a Pipe's input transformer can place attributes but not unmarshal a map,
 * so a Pipe would need an enrichment function anyway.
 */
export class OutboxRelay extends Construct {
  readonly dlq: IQueue;

  constructor(
    scope: Construct,
    id: string,
    props: { config: StageConfig; outbox: ITableV2; relay: LambdaFunction },
  ) {
    super(scope, id);
    const { config, outbox, relay } = props;
    const dlq = standaloneDlq(this, {
      config,
      queueName: `vetted-${config.stage}-outbox-relay-dlq`,
      of: 'of the outbox relay (stream batches that kept failing)',
    });
    this.dlq = dlq;
    relay.addEventSource(
      new DynamoEventSource(outbox, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: outboxRelay.batchSize,
        maxBatchingWindow: Duration.seconds(outboxRelay.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: outboxRelay.retryAttempts,
        // Longer than any outage worth waiting out; the events stay in the table after.
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(dlq),
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT') })],
      }),
    );
  }
}
