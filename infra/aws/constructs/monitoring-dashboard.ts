import { Duration } from 'aws-cdk-lib';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { type BusinessMetricName, METRICS_NAMESPACE } from '../../../shared/ports/business-metrics.ts';
import type { FunctionName } from '../../resources.ts';
import type { MonitoringProps } from './monitoring.ts';

/** The one dashboard to watch the pipeline end to end: its alarms, the API, the queues, the functions. */
export const pipelineDashboard = (
  scope: Construct,
  { config, functions, queues, httpApi }: MonitoringProps,
  alarms: Alarm[],
): Dashboard => {
  const minute = Duration.minutes(1);
  const dashboard = new Dashboard(scope, 'Dashboard', {
    dashboardName: `vetted-${config.stage}-pipeline`,
    defaultInterval: Duration.hours(3),
  });
  const fnList = Object.entries(functions) as [FunctionName, LambdaFunction][];
  const queueList = Object.values(queues);
  dashboard.addWidgets(
    new TextWidget({
      markdown: `# Vetted ${config.stage} pipeline\nquestion → **draft-requests** → generate-draft → review → bus → **publication** → publish-article. A DLQ above zero needs a redrive: \`npm run ops -- redrive <queue>\`.`,
      width: 24,
      height: 2,
    }),
  );
  dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: 4 }));
  addEditorialWidgets(dashboard);
  dashboard.addWidgets(
    new GraphWidget({
      title: 'API requests and errors',
      left: [httpApi.metricCount({ period: minute })],
      right: [httpApi.metricClientError({ period: minute }), httpApi.metricServerError({ period: minute })],
      width: 12,
    }),
    new GraphWidget({
      title: 'API latency',
      left: ['p50', 'p90', 'p99'].map((statistic) => httpApi.metricLatency({ period: minute, statistic })),
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Queue depth',
      left: queueList.map((work) =>
        work.queue.metricApproximateNumberOfMessagesVisible({
          period: minute,
          label: work.description.name,
        }),
      ),
      right: queueList.map((work) =>
        work.dlq.metricApproximateNumberOfMessagesVisible({
          period: minute,
          label: `${work.description.name}-dlq`,
        }),
      ),
      width: 12,
    }),
    new GraphWidget({
      title: 'Oldest message age (s)',
      left: queueList.map((work) =>
        work.queue.metricApproximateAgeOfOldestMessage({ period: minute, label: work.description.name }),
      ),
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Invocations',
      left: fnList.map(([name, fn]) => fn.metricInvocations({ period: minute, label: name })),
      width: 8,
    }),
    new GraphWidget({
      title: 'Errors and throttles',
      left: fnList.map(([name, fn]) => fn.metricErrors({ period: minute, label: `${name} errors` })),
      right: fnList.map(([name, fn]) => fn.metricThrottles({ period: minute, label: `${name} throttles` })),
      width: 8,
    }),
    new GraphWidget({
      title: 'Duration p99 (ms)',
      left: fnList.map(([name, fn]) => fn.metricDuration({ period: minute, statistic: 'p99', label: name })),
      width: 8,
    }),
  );
  return dashboard;
};

/**
 * The pipeline as a reviewer's manager reads it, from the functions' EMF
 * business metrics (shared/ports/business-metrics.ts): the review backlog
 * and its age (sampled by the reconciler), decisions per day, publication
 * lag, and what drafting produced.
 */
const addEditorialWidgets = (dashboard: Dashboard): void => {
  const business = (
    name: BusinessMetricName,
    service: FunctionName,
    statistic: string,
    period: Duration,
    dimensions: Record<string, string> = {},
  ) =>
    new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { service, ...dimensions },
      statistic,
      period,
    });
  const fiveMinutes = Duration.minutes(5);
  const hour = Duration.hours(1);
  const day = Duration.days(1);
  const backlog = business('QuestionsAwaitingReview', 'reconcile', 'Maximum', fiveMinutes);
  const oldest = business('OldestAwaitingReviewSeconds', 'reconcile', 'Maximum', fiveMinutes);
  dashboard.addWidgets(
    new SingleValueWidget({
      title: 'Waiting for review now',
      metrics: [
        backlog.with({ label: 'questions in review' }),
        new MathExpression({
          expression: 'oldest / 3600',
          usingMetrics: { oldest },
          label: 'oldest waits (hours)',
          period: fiveMinutes,
        }),
      ],
      width: 6,
      height: 6,
    }),
    new GraphWidget({
      title: 'Review backlog (left) and its age in s (right)',
      left: [backlog],
      right: [oldest],
      width: 6,
      height: 6,
    }),
    new GraphWidget({
      title: 'Decisions per day',
      left: ['approve', 'reject', 'request_changes'].map((decision) =>
        business('ReviewDecisions', 'review-api', 'Sum', day, { decision }).with({ label: decision }),
      ),
      width: 6,
      height: 6,
    }),
    new GraphWidget({
      title: 'Publication lag and ask-to-review time (p90, s)',
      left: [
        business('ApprovalToPublicationSeconds', 'publish-article', 'p90', fiveMinutes),
        business('AskToReviewSeconds', 'generate-draft', 'p90', fiveMinutes),
      ],
      width: 6,
      height: 6,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Questions and drafts per hour',
      left: [
        business('QuestionsAsked', 'questions-api', 'Sum', hour),
        business('DraftsGenerated', 'generate-draft', 'Sum', hour),
        business('DraftsRefused', 'generate-draft', 'Sum', hour),
        business('DraftsFailed', 'generate-draft', 'Sum', hour),
      ],
      width: 12,
      height: 6,
    }),
    new GraphWidget({
      title: 'Publications and retractions per day',
      left: [
        business('Publications', 'publish-article', 'Sum', day),
        business('Retractions', 'review-api', 'Sum', day),
      ],
      width: 12,
      height: 6,
    }),
  );
};
