import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, Lazy } from 'aws-cdk-lib';
import {
  OAuthScope,
  type UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { writeConsoleAssets } from '../../../functions/console/build.ts';
import type { StageConfig } from '../config.ts';

/**
 * Bundling hooks of the console function: the UI is built (esbuild, at synth
 * time) and copied next to the handler's bundle, where the handler reads it.
 */
export const consoleAssetHooks: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (_inputDir: string, outputDir: string) => {
    const built = mkdtempSync(join(tmpdir(), 'vetted-console-'));
    writeConsoleAssets(built);
    return [`cp "${join(built, 'app.js')}" "${join(built, 'app.css')}" "${outputDir}/"`];
  },
};

export interface ConsoleSignInProps {
  readonly config: StageConfig;
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  /** The console's own URL (`<api>/console`): the only place the hosted UI may send a code to. */
  readonly consoleUrl: () => string;
}

/**
 * The console's sign-in: a public app client (no secret) for the hosted UI's
 * authorization code flow with PKCE, redirecting only to the console itself.
 * Its access tokens are accepted by the API like the API client's.
 */
export class ConsoleSignIn extends Construct {
  readonly client: UserPoolClient;
  private readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: ConsoleSignInProps) {
    super(scope, id);
    this.domain = props.domain;
    const consoleUrl = Lazy.string({ produce: props.consoleUrl });
    this.client = new UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      userPoolClientName: `vetted-${props.config.stage}-console`,
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [consoleUrl],
        logoutUrls: [consoleUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /** Tells the console function how to send people to the hosted UI. */
  configure(fn: LambdaFunction): void {
    fn.addEnvironment('CONSOLE_AUTH', 'cognito');
    fn.addEnvironment('COGNITO_DOMAIN', this.domain.baseUrl());
    fn.addEnvironment('COGNITO_CLIENT_ID', this.client.userPoolClientId);
  }
}
