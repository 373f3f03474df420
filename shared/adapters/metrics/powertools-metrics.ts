import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  BUSINESS_METRICS,
  type BusinessMetric,
  type BusinessMetrics,
  METRICS_NAMESPACE,
} from '../../ports/business-metrics.ts';

const UNITS = { Count: MetricUnit.Count, Seconds: MetricUnit.Seconds, Percent: MetricUnit.Percent } as const;

/**
 * Business metrics as CloudWatch Embedded Metric Format lines on stdout
 * (Powertools Metrics): Lambda ships them with the logs, no API call. The
 * handler's middy chain flushes them after each invocation (logMetrics).
 */
export class PowertoolsBusinessMetrics implements BusinessMetrics {
  readonly metrics: Metrics;

  constructor(service: string) {
    this.metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service });
  }

  record(...metrics: BusinessMetric[]): void {
    for (const metric of metrics) {
      const unit = UNITS[BUSINESS_METRICS[metric.name]];
      if (metric.dimensions) {
        // Its own EMF line, so these dimensions do not spill onto the invocation's other metrics.
        const single = this.metrics.singleMetric();
        single.addDimensions(metric.dimensions);
        single.addMetric(metric.name, unit, metric.value);
      } else {
        this.metrics.addMetric(metric.name, unit, metric.value);
      }
    }
  }
}
