import { Duration, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type QueueDescription, type QueueName, queues, visibilityTimeoutSeconds } from '../../resources.ts';
import type { StageConfig } from '../config.ts';
import { dlqPhysicalName, pascal, queuePhysicalName } from '../naming.ts';

/** Source queues keep messages 4 days; their DLQs keep them longer, so a dead letter outlives its source. */
export const SOURCE_RETENTION = Duration.days(4);
export const DLQ_RETENTION = Duration.days(14);

/**
 * A dead-letter queue of something other than a work queue (an event rule, asynchronous invocations,
 * a stream's event source), encrypted, TLS-only, kept like every DLQ; `of` says what lands in it.
 */
export const standaloneDlq = (
  scope: Construct,
  props: { config: StageConfig; queueName: string; of: string },
): Queue => {
  const dlq = new Queue(scope, 'Dlq', {
    queueName: props.queueName,
    retentionPeriod: DLQ_RETENTION,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    removalPolicy: props.config.removalPolicy,
  });
  Validations.of(dlq).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is a dead-letter queue: ${props.of}.`,
  });
  return dlq;
};

export interface WorkQueue {
  readonly key: QueueName;
  readonly description: QueueDescription;
  readonly queue: IQueue;
  readonly dlq: IQueue;
}

export type WorkQueues = Record<QueueName, WorkQueue>;

/**
 * Every queue of the resource description with its dead-letter queue:
 * SQS-managed SSE, TLS-only access, visibility = 6 × the consumer's timeout,
 * redrive after the description's maxReceiveCount.
 */
export class Queues extends Construct {
  readonly queues: WorkQueues;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { config } = props;
    const entries = (Object.entries(queues) as [QueueName, QueueDescription][]).map(([key, description]) => {
      const dlq = new Queue(this, `${pascal(key)}Dlq`, {
        queueName: dlqPhysicalName(key, config.stage),
        retentionPeriod: DLQ_RETENTION,
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        removalPolicy: config.removalPolicy,
      });
      const queue = new Queue(this, pascal(key), {
        queueName: queuePhysicalName(key, config.stage),
        retentionPeriod: SOURCE_RETENTION,
        visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(key)),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: dlq, maxReceiveCount: description.maxReceiveCount },
        removalPolicy: config.removalPolicy,
      });
      const work: WorkQueue = { key, description, queue, dlq };
      return [key, work] as const;
    });
    this.queues = Object.fromEntries(entries) as WorkQueues;
  }
}

/** Lets a function send to a queue and tells it the queue's URL. */
export function bindQueueSender(fn: LambdaFunction, work: WorkQueue): void {
  fn.addEnvironment(work.description.envVar, work.queue.queueUrl);
  work.queue.grantSendMessages(fn);
}
