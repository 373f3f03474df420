import { Duration } from 'aws-cdk-lib';
import { EventBus, type EventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { EVENT_SOURCE, type EventRule, bus as eventBus } from '../../resources.ts';
import type { StageConfig } from '../config.ts';
import { pascal } from '../naming.ts';
import type { WorkQueues } from './queues.ts';

/** The description's patterns use EventBridge's JSON keys; the L2 wants camelCase for `detail-type`. */
export function toEventPattern(pattern: Record<string, unknown>): EventPattern {
  const renamed = Object.entries(pattern).map(([key, value]) => [
    key === 'detail-type' ? 'detailType' : key,
    value,
  ]);
  return Object.fromEntries(renamed) as EventPattern;
}

/**
 * The event bus, an archive of every Vetted event for replay, and the rules
 * of the resource description routing events to their queues. The rules live
 * with the queues (stateful stack) because an SQS target writes the queue's
 * resource policy: a rule in another stack would make the two stacks depend
 * on each other.
 */
export class Bus extends Construct {
  readonly bus: EventBus;
  readonly rules: Record<string, Rule>;

  constructor(scope: Construct, id: string, props: { config: StageConfig; queues: WorkQueues }) {
    super(scope, id);
    const { config, queues } = props;
    this.bus = new EventBus(this, 'Bus', { eventBusName: `${eventBus.name}-${config.stage}` });
    this.bus.archive('Archive', {
      description: 'Every Vetted event, for replay after an incident',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(config.archiveRetentionDays),
    });
    const rules = Object.entries(eventBus.rules as Record<string, EventRule>).map(([name, rule]) => {
      const target = queues[rule.target];
      const created = new Rule(this, pascal(name), {
        eventBus: this.bus,
        description: rule.description,
        eventPattern: toEventPattern(rule.pattern),
        // Events EventBridge cannot deliver land in the target's DLQ, where the DLQ alarm sees them.
        targets: [new SqsQueue(target.queue, { deadLetterQueue: target.dlq })],
      });
      return [name, created] as const;
    });
    this.rules = Object.fromEntries(rules);
  }
}

/** Lets a function put events on the bus and tells it the bus name. */
export function bindBus(fn: LambdaFunction, bus: IEventBus): void {
  fn.addEnvironment(eventBus.envVar, bus.eventBusName);
  bus.grantPutEventsTo(fn);
}
