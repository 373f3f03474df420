import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { isAnonymousWrite, type Route, routes } from '../../../shared/http/routes.ts';
import type { StageConfig } from '../config.ts';

/** WAF counts a rate-based rule over this window; 60 s makes its limit RATE_LIMIT_PER_MINUTE itself. */
export const WAF_WINDOW_SECONDS = 60;
/** The smallest limit WAF accepts for a rate-based rule. */
export const WAF_MIN_RATE_LIMIT = 10;

/** `/v1/articles/{slug}/feedback` → `^/v1/articles/[^/]+/feedback$`: a route's path as WAF matches it. */
export const pathRegex = (path: string): string =>
  `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`;

/** The anonymous write routes of the route table: the ones RATE_LIMIT_PER_MINUTE counts together. */
export const anonymousWriteRoutes = (): Route[] => (routes as readonly Route[]).filter(isAnonymousWrite);

const routeStatement = (route: Route): CfnWebACL.StatementProperty => ({
  andStatement: {
    statements: [
      {
        byteMatchStatement: {
          fieldToMatch: { method: {} },
          positionalConstraint: 'EXACTLY',
          searchString: route.method,
          textTransformations: [{ priority: 0, type: 'NONE' }],
        },
      },
      {
        regexMatchStatement: {
          fieldToMatch: { uriPath: {} },
          regexString: pathRegex(route.path),
          textTransformations: [{ priority: 0, type: 'NONE' }],
        },
      },
    ],
  },
});

const TOO_MANY_REQUESTS_BODY = JSON.stringify({
  type: 'https://vetted.example/problems/too-many-requests',
  title: 'Too many requests',
  status: 429,
  detail: `This client sent more anonymous writes than the limit allows; retry after ${WAF_WINDOW_SECONDS} seconds.`,
});

/**
 * The CloudFront-scope WAF web ACL (it must live in us-east-1, so in the edge stack): a rate-based
 * rule keyed by client IP over the anonymous write routes together, with RATE_LIMIT_PER_MINUTE
 * requests per 60 s, the number the local runtime enforces. Over it, WAF answers 429 with
 * Retry-After itself; the API is not reached. Everything else is allowed (reads are cached and
 * covered by the stage throttle; review routes need a token).
 */
export class EdgeFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { config } = props;
    const limit = config.rateLimitPerMinute;
    if (limit > 0 && limit < WAF_MIN_RATE_LIMIT)
      throw new Error(
        `rateLimitPerMinute ${limit} is below the ${WAF_MIN_RATE_LIMIT} requests a WAF rate-based rule can count; use ${WAF_MIN_RATE_LIMIT} or more (or 0 to turn the limit off)`,
      );
    const metric = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `vetted-${config.stage}-${name}`,
    });
    const writes = anonymousWriteRoutes().map(routeStatement);
    const scopeDown: CfnWebACL.StatementProperty =
      writes.length === 1
        ? (writes[0] as CfnWebACL.StatementProperty)
        : { orStatement: { statements: writes } };
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `vetted-${config.stage}-edge`,
      description: 'Vetted per-client rate limit on anonymous writes',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metric('edge'),
      customResponseBodies: {
        tooManyRequests: { contentType: 'APPLICATION_JSON', content: TOO_MANY_REQUESTS_BODY },
      },
      rules:
        limit > 0
          ? [
              {
                name: 'AnonymousWritesPerClient',
                priority: 0,
                statement: {
                  rateBasedStatement: {
                    limit,
                    evaluationWindowSec: WAF_WINDOW_SECONDS,
                    aggregateKeyType: 'IP',
                    scopeDownStatement: scopeDown,
                  },
                },
                action: {
                  block: {
                    customResponse: {
                      responseCode: 429,
                      customResponseBodyKey: 'tooManyRequests',
                      responseHeaders: [{ name: 'retry-after', value: String(WAF_WINDOW_SECONDS) }],
                    },
                  },
                },
                visibilityConfig: metric('anonymous-writes-per-client'),
              },
            ]
          : [],
    });
  }
}
