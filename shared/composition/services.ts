/**
 * The ports to services other than the tables and queues, built once per
 * composition root (root.ts): business metrics and the CDN.
 */
import { CloudFrontInvalidator } from '../adapters/cloudfront/cloudfront-invalidator.ts';
import { PowertoolsBusinessMetrics } from '../adapters/metrics/powertools-metrics.ts';
import type { FunctionName } from '../function-names.ts';
import { type CompositionRoot, once } from './root.ts';

/** The function's business metrics (EMF lines on stdout), under its own service name. */
export function businessMetrics(root: CompositionRoot<never>, service: FunctionName) {
  return once(root, 'businessMetrics', () => new PowertoolsBusinessMetrics(service));
}

/** The CDN in front of the API, when the deployment has one (CDN_DISTRIBUTION_ID); undefined without. */
export function cdn(root: CompositionRoot<never>) {
  return once(root, 'cdn', () => {
    const distributionId = process.env.CDN_DISTRIBUTION_ID;
    return distributionId
      ? new CloudFrontInvalidator(distributionId, root.platform.config.region)
      : undefined;
  });
}
