import { CfnParameter, Duration, Stack, Validations } from 'aws-cdk-lib';
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
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../../shared/http/origin-verify.ts';
import { type Route, routes } from '../../../shared/http/routes.ts';

/** A CloudFront-scope web ACL's ARN (the edge stack's, in us-east-1). */
export const WEB_ACL_ARN_PATTERN = '^arn:aws[a-z-]*:wafv2:us-east-1:[0-9]{12}:global/webacl/.+$';

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
 *
 * The anonymous writes pass through it uncached, under the edge stack's WAF web ACL (per-client
 * rate rule, infra/aws/constructs/edge-firewall.ts), whose ARN arrives as the `EdgeWebAclArn`
 * parameter. CloudFront adds a generated secret header to every request it forwards, and the API
 * refuses anonymous writes without it (403, shared/http/origin-verify.ts), so going around the CDN
 * goes around nothing.
 */
export class Cdn extends Construct {
  readonly distribution: Distribution;

  readonly originVerify: Secret;
  readonly webAclArn: CfnParameter;

  constructor(scope: Construct, id: string, props: { httpApi: HttpApi; webAclArn?: string }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.webAclArn = new CfnParameter(stack, 'EdgeWebAclArn', {
      type: 'String',
      description: "The edge stack's CloudFront-scope WAF web ACL (its WebAclArn output)",
      allowedPattern: WEB_ACL_ARN_PATTERN,
      ...(props.webAclArn ? { default: props.webAclArn } : {}),
    });
    this.originVerify = new Secret(this, 'OriginVerifySecret', {
      description: 'The header CloudFront adds so the API knows a request came through it',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.originVerify).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The origin-verify value is read at deploy into the distribution and the API function together; rotating it alone would refuse every write until both are redeployed. Rotate by replacing the secret and redeploying.',
    });
    const origin = new HttpOrigin(`${props.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      customHeaders: { [ORIGIN_VERIFY_HEADER]: this.originVerify.secretValue.unsafeUnwrap() },
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
      comment: 'Vetted public read cache and anonymous-write edge',
      webAclId: this.webAclArn.valueAsString,
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
      'AwsSolutions-CFR3',
      'Every cache miss is logged in the API access log; edge-hit logs would need an ACL-enabled S3 log bucket, which this optional read cache does not justify yet.',
    );
    acknowledge(
      'AwsSolutions-CFR4',
      'No custom domain is configured, so the default *.cloudfront.net certificate is used and its TLS floor cannot be set; attach an ACM certificate with TLSv1.2_2021 together with a domain.',
    );
  }

  /** Makes a function refuse anonymous writes that did not come through this distribution. */
  requireOriginVerifyOn(fn: LambdaFunction): void {
    fn.addEnvironment('ORIGIN_VERIFY_SECRET', this.originVerify.secretValue.unsafeUnwrap());
  }

  /** Lets a function invalidate this distribution's cached paths (CreateInvalidation on it alone). */
  allowInvalidationBy(fn: LambdaFunction): void {
    fn.addEnvironment('CDN_DISTRIBUTION_ID', this.distribution.distributionId);
    this.distribution.grantCreateInvalidation(fn);
  }
}
