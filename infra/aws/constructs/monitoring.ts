import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type Dashboard,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { BUDGET_ALARM_PERCENTS, isUnlimited } from '../../../shared/domain/generation-budget.ts';
import { type BusinessMetricName, METRICS_NAMESPACE } from '../../../shared/ports/business-metrics.ts';
import { type FunctionName, type QueueName, visibilityTimeoutSeconds } from '../../resources.ts';
import type { StageConfig } from '../config.ts';
import { pascal } from '../naming.ts';
import type { LibraryImports } from './library.ts';
import { pipelineDashboard } from './monitoring-dashboard.ts';
import type { OutboxRelay } from './outbox.ts';
import type { WorkQueues } from './queues.ts';

export interface MonitoringProps {
  readonly config: StageConfig;
  readonly functions: Record<FunctionName, LambdaFunction>;
  readonly queues: WorkQueues;
  readonly libraryImports: LibraryImports;
  readonly outboxRelay: OutboxRelay;
  readonly httpApi: HttpApi;
}

/** p99 latency above which the API alarm fires, in milliseconds. */
export const API_P99_THRESHOLD_MS = 3000;

/**
 * A message older than this is stuck: twice a full visibility cycle, and never less than 15 minutes
 * (a burst held back by maxConcurrency is not an incident).
 */
export const oldestMessageThresholdSeconds = (queue: QueueName): number =>
  Math.max(900, 2 * visibilityTimeoutSeconds(queue));

/**
 * The pipeline's alarms, all notifying one SNS topic (e-mail subscription
 * from context `alarmEmail`): a dead letter in any DLQ (the library imports'
 * included), a refused library file, function errors and throttles, API 5xx and p99 latency, a queue whose oldest message is stuck;
 * and one dashboard to watch the pipeline end to end.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { config, functions, queues, libraryImports, outboxRelay, httpApi } = props;
    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: `vetted-${config.stage}-alarms`,
      displayName: `Vetted ${config.stage} alarms`,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.topic.addSubscription(new EmailSubscription(config.alarmEmail));
    const action = new SnsAction(this.topic);
    const alarm = (
      alarmId: string,
      metric: IMetric,
      threshold: number,
      description: string,
      periods = 1,
      comparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
    ) => {
      const created = new Alarm(this, alarmId, {
        alarmName: `vetted-${config.stage}-${alarmId}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
      return created;
    };

    const minute = Duration.minutes(1);
    const fiveMinutes = Duration.minutes(5);
    for (const [key, work] of Object.entries(queues) as [QueueName, WorkQueues[QueueName]][]) {
      alarm(
        `${pascal(key)}DlqDepth`,
        work.dlq.metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum' }),
        0,
        `A message reached the ${work.description.name} DLQ. Inspect it, fix the cause, then: npm run ops -- redrive ${key}`,
      );
      alarm(
        `${pascal(key)}OldestMessage`,
        work.queue.metricApproximateAgeOfOldestMessage({ period: minute, statistic: 'Maximum' }),
        oldestMessageThresholdSeconds(key),
        `The oldest message in ${work.description.name} waits longer than ${oldestMessageThresholdSeconds(key)} s: its consumer (${work.description.consumer}) is stuck or throttled.`,
        5,
      );
    }
    alarm(
      'OutboxRelayDlqDepth',
      outboxRelay.dlq.metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum' }),
      0,
      "Events of the outbox could not be put on the bus after the relay's retries. The message names the shard and sequence numbers; the events are still in the outbox table (a week): fix the cause (relay-outbox's logs), then put them on the bus again.",
    );
    const loader = libraryImports.description.target;
    alarm(
      'LibraryImportsDlqDepth',
      libraryImports.dlq.metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum' }),
      0,
      `A library load failed after its retries (or its event could not be delivered to ${loader}). The message holds the event: find the error in ${loader}'s logs by its key, fix the cause, then upload the file again (npm run ops -- library load FILE).`,
    );
    // Not an error of the function (a bad file is not retried), but the upload did nothing: say so.
    alarm(
      'LibraryLoadRefused',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'LibraryLoadsRefused' satisfies BusinessMetricName,
        dimensionsMap: { service: loader },
        statistic: 'Sum',
        period: fiveMinutes,
      }),
      0,
      `A library file put under imports/ was refused (it does not parse, or records are invalid); nothing was loaded. ${loader}'s log line 'Library file refused' lists the record errors.`,
    );
    const webhookMetric = (metricName: BusinessMetricName) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: 'deliver-webhooks' },
        statistic: 'Sum',
        period: fiveMinutes,
      });
    alarm(
      'WebhookDeadLetters',
      webhookMetric('WebhookDeadLetters'),
      0,
      'A webhook delivery failed its last attempt. GET /v1/admin/webhooks/{id}/deliveries shows the errors; the receiver must fix its endpoint (the event is kept in the webhooks table under DEAD#<endpoint id> for 30 days).',
    );
    alarm(
      'WebhookEndpointsDisabled',
      webhookMetric('WebhookEndpointsDisabled'),
      0,
      'A webhook endpoint failed for a day and was disabled (event webhook.disabled). Register it again once it answers.',
    );
    if (!isUnlimited(config.generationBudget)) {
      // Sampled at every model call's reservation (and at every refusal, as 100).
      const used = new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'GenerationBudgetUsedPercent' satisfies BusinessMetricName,
        dimensionsMap: { service: 'generate-draft' },
        statistic: 'Maximum',
        period: fiveMinutes,
      });
      for (const percent of BUDGET_ALARM_PERCENTS) {
        alarm(
          `GenerationBudget${percent}Percent`,
          used,
          percent,
          percent < 100
            ? `Today's generation budget is ${percent} % used (GENERATION_BUDGET_CALLS_PER_DAY ${config.generationBudget.callsPerDay}, _TOKENS_PER_DAY ${config.generationBudget.tokensPerDay}; 0 = unlimited). At 100 % new questions wait as submitted until midnight UTC.`
            : 'The generation budget is spent: drafting calls no model until midnight UTC, and questions wait as submitted with a public reason. Raise the budget (and redeploy) only if the spend is expected.',
          1,
          ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        );
      }
    }
    for (const [name, fn] of Object.entries(functions) as [FunctionName, LambdaFunction][]) {
      alarm(
        `${pascal(name)}Errors`,
        fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        0,
        `${name} threw errors (unhandled failures, not partial batch failures).`,
      );
      // The loader is throttled by design when uploads overlap (one load at a time in prod): Lambda
      // keeps the throttled event and runs it after, and one that waits too long reaches the DLQ, which alarms.
      if (name === loader) continue;
      alarm(
        `${pascal(name)}Throttles`,
        fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        0,
        `${name} was throttled: account concurrency is exhausted.`,
      );
    }
    alarm(
      'Api5xx',
      httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      0,
      'The HTTP API answered 5xx.',
    );
    alarm(
      'ApiLatencyP99',
      httpApi.metricLatency({ period: fiveMinutes, statistic: 'p99' }),
      API_P99_THRESHOLD_MS,
      `The HTTP API's p99 latency exceeded ${API_P99_THRESHOLD_MS} ms for 15 minutes.`,
      3,
    );

    this.dashboard = pipelineDashboard(this, props, this.alarms);
  }
}
