import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type middy from '@middy/core';

/**
 * The observability every handler's middy chain starts with: the Lambda
 * context (request id, cold start) on every log line with the keys of the
 * previous invocation reset (the correlation id, i.e. the question id, is
 * set per request or message), and the invocation's EMF metrics flushed at
 * its end.
 */
export const observability = (logger: Logger, metrics?: Metrics): middy.MiddlewareObj[] => [
  injectLambdaContext(logger, { resetKeys: true }) as middy.MiddlewareObj,
  ...(metrics ? [flushMetrics(metrics)] : []),
];

/**
 * Powertools' logMetrics, without its warning on every invocation that
 * recorded nothing (most reads): only an invocation with metrics writes an
 * EMF line, after success and after failure alike.
 */
const flushMetrics = (metrics: Metrics): middy.MiddlewareObj => {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
};
