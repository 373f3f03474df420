import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError, VettedError } from '../../shared/domain/errors.ts';
import { entityTag, ifNoneMatchMatches } from '../../shared/http/etag.ts';
import { MethodNotAllowedError } from '../../shared/http/http-errors.ts';
import { toProblemResponse } from '../../shared/http/problem.ts';
import { lazyHandler } from '../../shared/lazy-handler.ts';
import { createLogger } from '../../shared/logging.ts';
import type { ClientFactories } from '../../shared/platform.ts';
import { ASSET_NAMES, type ConsoleAssets, type ConsoleSettings, consoleSettings } from './assets.ts';

/** The page: no inline script or style, so the CSP below can forbid both. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vetted reviewer console</title>
<link rel="stylesheet" href="console/app.css">
<script type="module" src="console/app.js"></script>
</head>
<body>
<div id="app"><p class="loading">Loading the reviewer console…</p></div>
<noscript><p>The reviewer console needs JavaScript.</p></noscript>
</body>
</html>
`;

const CONTENT_TYPES: Record<string, string> = {
  page: 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'config.json': 'application/json; charset=utf-8',
};

/**
 * Same origin only: scripts, styles, images and API calls come from here;
 * only the token endpoint of the hosted UI is reachable besides, in AWS.
 */
export const contentSecurityPolicy = (settings: ConsoleSettings): string => {
  const identityProvider = settings.auth.mode === 'cognito' ? ` ${settings.auth.domain}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${identityProvider}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
};

export interface ConsoleHandlerOptions {
  /** The built UI: read from the Lambda bundle's directory in AWS, built in memory by the local runtime. */
  loadAssets: () => Promise<ConsoleAssets>;
  settings: ConsoleSettings;
}

const fileNextToBundle = (name: string) => join(dirname(fileURLToPath(import.meta.url)), name);

/** In Lambda the CDK's bundling wrote the assets next to the handler's bundle. */
export const readBundledAssets = async (): Promise<ConsoleAssets> => {
  const [script, stylesheet] = await Promise.all(
    ASSET_NAMES.map((name) => readFile(fileNextToBundle(name), 'utf8')),
  );
  return { 'app.js': script as string, 'app.css': stylesheet as string };
};

/**
 * The reviewer console: the HTML page at `/console`, its script and
 * stylesheet, and `config.json` (how to sign in). Static, so every answer
 * carries an ETag and is revalidated (`no-cache`) rather than trusted stale.
 */
export const createHandler = (options: ConsoleHandlerOptions) => {
  const logger = createLogger('console');
  const csp = contentSecurityPolicy(options.settings);
  const config = JSON.stringify(options.settings);
  let assets: Promise<ConsoleAssets> | undefined;
  const loadAssets = () => {
    assets ??= options.loadAssets().catch((error) => {
      assets = undefined;
      throw error;
    });
    return assets;
  };

  const fileFor = async (path: string): Promise<{ kind: string; body: string }> => {
    if (/^\/console\/?$/.test(path)) return { kind: 'page', body: PAGE };
    const name = path.slice('/console/'.length);
    if (name === 'config.json') return { kind: name, body: config };
    if ((ASSET_NAMES as readonly string[]).includes(name)) {
      return { kind: name, body: (await loadAssets())[name as keyof ConsoleAssets] };
    }
    throw new NotFoundError(`The console has no file ${name}`);
  };

  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use({
      onError: async (request) => {
        if (!(request.error instanceof VettedError)) {
          logger.error('Unhandled error', { error: request.error as Error });
        }
        request.response = toProblemResponse(request.error);
      },
    })
    .handler(async (event) => {
      const { method } = event.requestContext.http;
      // HEAD works wherever GET does, as on every route: the same headers, no body.
      if (method !== 'GET' && method !== 'HEAD') {
        throw new MethodNotAllowedError(`${method} is not allowed`, ['GET', 'HEAD']);
      }
      const { kind, body } = await fileFor(event.rawPath);
      const etag = entityTag(body);
      const headers = {
        'content-type': CONTENT_TYPES[kind] as string,
        'cache-control': 'no-cache',
        etag,
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      };
      const ifNoneMatch = event.headers?.['if-none-match'];
      if (ifNoneMatchMatches(ifNoneMatch, etag)) return { statusCode: 304, headers };
      if (method === 'HEAD')
        return {
          statusCode: 200,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        };
      return { statusCode: 200, headers, body };
    });
};

/** No SDK client: the console serves its own files and talks to the API from the browser. */
export const platformClients: ClientFactories<never> = {};

export const handler = lazyHandler(() =>
  createHandler({ loadAssets: readBundledAssets, settings: consoleSettings(process.env) }),
);
