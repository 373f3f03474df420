import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { consoleSettings } from '../../functions/console/assets.ts';
import { writeConsoleAssets } from '../../functions/console/build.ts';
import { createHandler } from '../../functions/console/handler.ts';

const event = (path: string, method = 'GET', headers: Record<string, string> = {}) =>
  ({ rawPath: path, headers, requestContext: { http: { method } } }) as unknown as APIGatewayProxyEventV2;
const assets = { 'app.js': 'console.log(1)', 'app.css': 'body{}' };
const local = createHandler({ loadAssets: async () => assets, settings: { auth: { mode: 'local' } } });
const call = async (handler: typeof local, path: string, method = 'GET', headers = {}) =>
  (await handler(event(path, method, headers), {} as never)) as APIGatewayProxyStructuredResultV2;

describe('console function', () => {
  it('serves the page, script and stylesheet with their types, a strict CSP and an ETag', async () => {
    const page = await call(local, '/console');
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<script type="module" src="console/app.js"></script>');
    expect(page.headers?.['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    const script = await call(local, '/console/app.js');
    expect(script.body).toBe(assets['app.js']);
    expect(script.headers?.['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await call(local, '/console/app.css')).headers?.['content-type']).toBe('text/css; charset=utf-8');
    const again = await call(local, '/console/app.js', 'GET', {
      'if-none-match': script.headers?.etag as string,
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBeUndefined();
  });

  it('tells the UI how to sign in, and lets it reach the hosted UI only in Cognito mode', async () => {
    expect(JSON.parse((await call(local, '/console/config.json')).body ?? '')).toEqual({
      auth: { mode: 'local' },
    });
    const settings = consoleSettings({
      CONSOLE_AUTH: 'cognito',
      COGNITO_DOMAIN: 'https://vetted.auth.eu-west-1.amazoncognito.com',
      COGNITO_CLIENT_ID: 'client',
    });
    const cognito = createHandler({ loadAssets: async () => assets, settings });
    const config = await call(cognito, '/console/config.json');
    expect(JSON.parse(config.body ?? '')).toEqual({
      auth: {
        mode: 'cognito',
        domain: 'https://vetted.auth.eu-west-1.amazoncognito.com',
        clientId: 'client',
        scopes: ['openid', 'email'],
      },
    });
    expect(config.headers?.['content-security-policy']).toContain(
      "connect-src 'self' https://vetted.auth.eu-west-1.amazoncognito.com;",
    );
    expect(() => consoleSettings({ CONSOLE_AUTH: 'cognito' })).toThrow(/COGNITO_DOMAIN/);
  });

  it('answers problem+json 404 for other files and 405 for other methods', async () => {
    const missing = await call(local, '/console/secret.txt');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers?.['content-type']).toBe('application/problem+json');
    expect((await call(local, '/console', 'POST')).statusCode).toBe(405);
  });

  it('builds the UI bundle that the Lambda asset carries', () => {
    const directory = mkdtempSync(join(tmpdir(), 'vetted-console-'));
    try {
      writeConsoleAssets(directory);
      const script = readFileSync(join(directory, 'app.js'), 'utf8');
      expect(script.length).toBeGreaterThan(1000);
      expect(script).not.toMatch(/\beval\(/);
      expect(readFileSync(join(directory, 'app.css'), 'utf8')).toContain('.review-layout');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
