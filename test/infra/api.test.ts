import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { publicGetPathPatterns } from '../../infra/aws/constructs/cdn.ts';
import { pascal } from '../../infra/aws/naming.ts';
import { queues } from '../../infra/resources.ts';
import { DEFAULT_ROUTE_FUNCTION, type Route, routeKey, routes } from '../../shared/http/routes.ts';
import { resourcesOf, synth } from './synth.ts';

const dev = synth();
const api = dev.statelessTemplate;
const allRoutes = routes as readonly Route[];

describe('HTTP API from the route table', () => {
  const routeResources = resourcesOf(api, 'AWS::ApiGatewayV2::Route');
  const byKey = new Map(routeResources.map(([, route]) => [route.Properties.RouteKey as string, route]));
  const [[authorizerId, authorizer] = []] = resourcesOf(api, 'AWS::ApiGatewayV2::Authorizer');

  /** Every GET route is also a HEAD route (HEAD works wherever GET does). */
  const expectedKeys = [
    ...allRoutes.map(routeKey),
    ...allRoutes.filter((route) => route.method === 'GET').map((route) => `HEAD ${route.path}`),
  ];

  it('has exactly one route per route-table entry (and HEAD beside each GET), and $default for everything else', () => {
    expect([...byKey.keys()].sort()).toEqual([...expectedKeys, '$default'].sort());
    expect(routeResources).toHaveLength(expectedKeys.length + 1);
  });

  it('sends $default, unauthenticated, to the function that answers 404 and 405', () => {
    const fallback = byKey.get('$default')?.Properties ?? {};
    expect(fallback.AuthorizationType ?? 'NONE').toBe('NONE');
    const integrationId = /"Ref":"([^"]+)"/.exec(JSON.stringify(fallback.Target))?.[1];
    const integration = api.toJSON().Resources[integrationId as string];
    expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(
      `Functions${pascal(DEFAULT_ROUTE_FUNCTION)}`,
    );
  });

  it.each(allRoutes.map((route) => [routeKey(route), route] as const))(
    '%s: JWT authorizer iff it has a role',
    (key, route) => {
      const properties = byKey.get(key)?.Properties ?? {};
      if (route.role) {
        expect(properties.AuthorizationType).toBe('JWT');
        expect(properties.AuthorizerId).toEqual({ Ref: authorizerId });
      } else {
        expect(properties.AuthorizationType ?? 'NONE').toBe('NONE');
        expect(properties.AuthorizerId).toBeUndefined();
      }
    },
  );

  it.each(allRoutes.map((route) => [routeKey(route), route] as const))(
    '%s: integrates its function',
    (key, route) => {
      const target = JSON.stringify(byKey.get(key)?.Properties.Target);
      const integrationId =
        /integrations\/\{"Ref":"([^"]+)"/.exec(target)?.[1] ?? /"Ref":"([^"]+)"/.exec(target)?.[1];
      expect(integrationId).toBeDefined();
      const integration = api.toJSON().Resources[integrationId as string];
      expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(
        `Functions${pascal(route.function)}`,
      );
    },
  );

  it('the authorizer trusts the Cognito user pool and the app client', () => {
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    const jwt = JSON.stringify(authorizer?.Properties.JwtConfiguration);
    expect(jwt).toMatch(/AuthUserPool\w*ProviderURL/);
    expect(jwt).toMatch(/AuthUserPoolAppClient/);
  });

  it('the $default stage is throttled and writes access logs to a log group with retention', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: dev.config.throttle.rateLimit,
        ThrottlingBurstLimit: dev.config.throttle.burstLimit,
      },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('requestId'),
      },
    });
  });

  it('CORS origins come from context', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: dev.config.corsOrigins }),
    });
    const custom = synth({ corsOrigins: 'https://a.example, https://b.example' }).statelessTemplate;
    custom.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://a.example', 'https://b.example'] }),
    });
  });

  it('has no CDN unless context cdn=true', () => {
    api.resourceCountIs('AWS::CloudFront::Distribution', 0);
  });
});

describe('optional CDN (cdn=true)', () => {
  const withCdn = synth({ cdn: 'true' }).statelessTemplate;
  const [[, distribution] = []] = resourcesOf(withCdn, 'AWS::CloudFront::Distribution');
  const config = distribution?.Properties.DistributionConfig as {
    CacheBehaviors: { PathPattern: string; CachePolicyId: unknown; AllowedMethods: string[] }[];
    DefaultCacheBehavior: { CachePolicyId: unknown };
  };

  it('caches exactly the public GET routes, honouring the origin Cache-Control', () => {
    const patterns = config.CacheBehaviors.map((behavior) => behavior.PathPattern).sort();
    const expected = [
      ...new Set(
        allRoutes.filter((r) => r.method === 'GET' && !r.role).map((r) => r.path.replace(/\{[^}]+\}/g, '*')),
      ),
    ];
    expect(patterns).toEqual(expected.sort());
    expect(patterns).toEqual(publicGetPathPatterns().sort());
    for (const behavior of config.CacheBehaviors)
      expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
    withCdn.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ DefaultTTL: 0, MinTTL: 0, MaxTTL: Match.anyValue() }),
    });
    const maxTtls = resourcesOf(withCdn, 'AWS::CloudFront::CachePolicy').map(
      ([, policy]) => (policy.Properties.CachePolicyConfig as { MaxTTL: number }).MaxTTL,
    );
    expect(maxTtls).toHaveLength(1);
    expect(maxTtls[0]).toBeGreaterThan(0);
  });

  it('lets the article.retracted consumer, and only it, invalidate the distribution', () => {
    const consumer = queues.articleChanges.consumer;
    const invalidating = resourcesOf(withCdn, 'AWS::IAM::Policy').filter(([, policy]) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('cloudfront:CreateInvalidation'),
    );
    expect(invalidating).toHaveLength(1);
    expect(JSON.stringify(invalidating[0]?.[1].Properties.Roles)).toContain(pascal(consumer));
    const [[, fn] = []] = resourcesOf(withCdn, 'AWS::Lambda::Function').filter(([id]) =>
      id.startsWith(`Functions${pascal(consumer)}`),
    );
    expect(JSON.stringify(fn?.Properties.Environment)).toContain('CDN_DISTRIBUTION_ID');
  });

  it('does not cache authenticated or write routes (default behaviour has caching disabled)', () => {
    expect(config.DefaultCacheBehavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    for (const route of allRoutes.filter((r) => r.role)) {
      expect(
        config.CacheBehaviors.some((b) =>
          new RegExp(`^${b.PathPattern.replace(/\*/g, '.*')}$`).test(route.path),
        ),
      ).toBe(false);
    }
  });
});
