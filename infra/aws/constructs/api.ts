import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_RULES } from '../../../shared/http/cors.ts';
import { DEFAULT_ROUTE_FUNCTION, type Route, routeKey, routes } from '../../../shared/http/routes.ts';
import type { FunctionName } from '../../resources.ts';
import type { StageConfig } from '../config.ts';
import type { TokenVerification } from './functions.ts';

/** One JSON line per request; never the Authorization header or the body. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);

export interface ApiProps {
  readonly config: StageConfig;
  readonly functions: Record<FunctionName, IFunction>;
  readonly auth: TokenVerification;
}

/**
 * The HTTP API, generated from the route table: one route per entry, each
 * integrated with its function; every route with a role sits behind the
 * Cognito JWT authorizer (the function then checks the role in the token's
 * groups), public routes are open. The `$default` stage is throttled and
 * writes JSON access logs.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config } = props;
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `vetted-${config.stage}`,
      description: 'Vetted: reviewed clinical Q&A',
      createDefaultStage: false,
      corsPreflight:
        config.corsOrigins.length > 0
          ? {
              allowOrigins: config.corsOrigins,
              allowMethods: CORS_RULES.allowMethods.map((method) => CorsHttpMethod[method]),
              allowHeaders: [...CORS_RULES.allowHeaders],
              exposeHeaders: [...CORS_RULES.exposeHeaders],
              maxAge: Duration.seconds(CORS_RULES.maxAgeSeconds),
            }
          : undefined,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });

    const authorizer = new HttpJwtAuthorizer('CognitoJwt', props.auth.issuer, {
      jwtAudience: [...props.auth.audiences],
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (name: FunctionName): HttpLambdaIntegration => {
      let integration = integrations.get(name);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${name}-integration`, props.functions[name]);
        integrations.set(name, integration);
      }
      return integration;
    };

    for (const route of routes as readonly Route[]) {
      // HEAD works wherever GET does: HTTP APIs route it only where a route names it.
      const created = this.httpApi.addRoutes({
        path: route.path,
        methods: route.method === 'GET' ? [HttpMethod.GET, HttpMethod.HEAD] : [HttpMethod[route.method]],
        integration: integrationFor(route.function),
        authorizer: route.role ? authorizer : undefined,
      });
      for (const each of route.role ? [] : created) {
        Validations.of(each).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(route)} is public by design (the route table gives it no role): anonymous readers and askers use it; it is throttled at the stage.`,
        });
      }
    }

    // Whatever no route matches reaches the function that answers it as the API contract says
    // (problem+json 404, or 405 with Allow), rather than API Gateway's own plain 404.
    const fallback = new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: integrationFor(DEFAULT_ROUTE_FUNCTION),
    });
    Validations.of(fallback).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        '$default only answers unknown routes and wrong methods with problem+json 404/405; it serves no data.',
    });
  }

  /** The invoke URL of the `$default` stage. */
  get url(): string {
    return this.stage.url;
  }
}
