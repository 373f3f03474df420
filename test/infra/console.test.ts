import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleAssetHooks } from '../../infra/aws/constructs/console.ts';
import { lambdaOf, referencedId, resourcesOf, synth } from './synth.ts';

const dev = synth();
const clients = resourcesOf(dev.statelessTemplate, 'AWS::Cognito::UserPoolClient');

describe('reviewer console in AWS', () => {
  it('signs in through the hosted UI: a public client, code flow only, redirecting only to the console', () => {
    expect(clients).toHaveLength(1);
    const [, client] = clients[0] as [string, { Properties: Record<string, unknown> }];
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      SupportedIdentityProviders: ['COGNITO'],
      EnableTokenRevocation: true,
    });
    const callbacks = JSON.stringify(client.Properties.CallbackURLs);
    expect(callbacks).toContain('console');
    expect(callbacks).toMatch(/ApiHttpApi/);
    expect(client.Properties.LogoutURLs).toEqual(client.Properties.CallbackURLs);
  });

  it('has a hosted UI domain in the stateful stack', () => {
    const domains = resourcesOf(dev.statefulTemplate, 'AWS::Cognito::UserPoolDomain');
    expect(domains).toHaveLength(1);
    expect(JSON.stringify(domains[0]?.[1].Properties.Domain)).toContain(`vetted-${dev.config.stage}-`);
  });

  it('tells the console function the hosted UI and its client, and the API accepts that client', () => {
    const { env } = lambdaOf(dev, 'console');
    expect(env.CONSOLE_AUTH).toBe('cognito');
    expect(referencedId(env.COGNITO_CLIENT_ID)).toBe(clients[0]?.[0]);
    expect(JSON.stringify(env.COGNITO_DOMAIN)).toContain('amazoncognito.com');
    const [[, authorizer] = []] = resourcesOf(dev.statelessTemplate, 'AWS::ApiGatewayV2::Authorizer');
    const audiences =
      (authorizer?.Properties.JwtConfiguration as { Audience: unknown[] } | undefined)?.Audience ?? [];
    expect(audiences).toHaveLength(2);
    expect(audiences.map(referencedId)).toContain(clients[0]?.[0]);
    expect(JSON.stringify(lambdaOf(dev, 'review-api').env.JWT_AUDIENCE)).toContain(clients[0]?.[0] as string);
  });

  it('ships the UI next to the handler bundle (the bundling hook builds and copies it)', () => {
    const output = mkdtempSync(join(tmpdir(), 'vetted-console-out-'));
    try {
      for (const command of consoleAssetHooks.afterBundling('/unused', output)) execSync(command);
      expect(readdirSync(output).sort()).toEqual(['app.css', 'app.js']);
    } finally {
      rmSync(output, { recursive: true, force: true });
    }
  });
});
