import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  type BehaviorOptions,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { type Route, routes } from '../../../shared/http/routes.ts';

/** `/v1/articles/{slug}/related` → `/v1/articles/*\/related`: a CloudFront path pattern for a route. */
export const pathPattern = (path: string): string => path.replace(/\{[^}]+\}/g, '*');

/** The public GET routes of the route table, as CloudFront path patterns. */
export const publicGetPathPatterns = (): string[] => [
  ...new Set(
    (routes as readonly Route[])
      .filter((route) => route.method === 'GET' && !route.role)
      .map((route) => pathPattern(route.path)),
  ),
];

/**
 * Optional CloudFront distribution (context `cdn=true`) in front of the API:
 * the public GET routes are cached for as long as the API's Cache-Control
 * says (no header → not cached), keyed on the query string, compressed;
 * everything else passes through uncached. Authenticated review traffic
 * should call the API URL directly. A retraction invalidates the article's
 * paths (`allowInvalidationBy` the article.retracted consumer).
 */
export class Cdn extends Construct {
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: { httpApi: HttpApi }) {
    super(scope, id);
    const stack = Stack.of(this);
    const origin = new HttpOrigin(`${props.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    const honourOrigin = new CachePolicy(this, 'HonourOriginCacheControl', {
      comment: 'Vetted public reads: TTL from the API Cache-Control, query string in the key',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const cachedRead: BehaviorOptions = {
      origin,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: honourOrigin,
      compress: true,
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Vetted public read cache',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      additionalBehaviors: Object.fromEntries(
        publicGetPathPatterns().map((pattern) => [pattern, cachedRead]),
      ),
    });
    const acknowledge = (id: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id, reason });
    acknowledge(
      'AwsSolutions-CFR1',
      'Reviewed clinical information is published for a worldwide readership; there is no country to restrict.',
    );
    acknowledge(
      'AwsSolutions-CFR2',
      'The distribution only caches read-only public routes; cache misses hit the API stage throttle. A CLOUDFRONT-scope WAF web ACL (us-east-1) is the documented next step if abuse appears.',
    );
    acknowledge(
      'AwsSolutions-CFR3',
      'Every cache miss is logged in the API access log; edge-hit logs would need an ACL-enabled S3 log bucket, which this optional read cache does not justify yet.',
    );
    acknowledge(
      'AwsSolutions-CFR4',
      'No custom domain is configured, so the default *.cloudfront.net certificate is used and its TLS floor cannot be set; attach an ACM certificate with TLSv1.2_2021 together with a domain.',
    );
  }

  /** Lets a function invalidate this distribution's cached paths (CreateInvalidation on it alone). */
  allowInvalidationBy(fn: LambdaFunction): void {
    fn.addEnvironment('CDN_DISTRIBUTION_ID', this.distribution.distributionId);
    this.distribution.grantCreateInvalidation(fn);
  }
}
