import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../infra/local/local-signing-key.ts';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../infra/local/runtime.ts';
import type { Role } from '../../shared/http/routes.ts';
import { watchApi } from './contract.ts';

export { eventually } from './eventually.ts';

/**
 * Starts a local runtime (DynamoDB Local + SQS emulator + handlers, in
 * memory, on free ports) for the test file and stops it afterwards.
 */
export const useRuntime = (
  options: RuntimeOptions | (() => RuntimeOptions | Promise<RuntimeOptions>) = {},
): (() => Runtime) => {
  let runtime: Runtime | undefined;
  // The local token signing key lives in the data dir: each test file gets its own.
  const dataDir = mkdtempSync(join(tmpdir(), 'vetted-test-'));
  beforeAll(async () => {
    const resolved = typeof options === 'function' ? await options() : options;
    runtime = await startRuntime({
      port: 0,
      storage: 'memory',
      dataDir,
      retryDelaySeconds: 1,
      reconcileIntervalSeconds: 0,
      ...resolved,
      // Tests ask many questions from one address; only the ones about the limit turn it on.
      env: { RATE_LIMIT_PER_MINUTE: '0', ...resolved.env },
    });
    watchApi(runtime.url);
  });
  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!runtime) throw new Error('The runtime has not started');
    return runtime;
  };
};

/** fetch with a JSON body, to a Vetted API (so under the contract check). */
export const request = (
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
) => {
  watchApi(base);
  return fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.rawBody !== undefined ? { body: options.rawBody } : {}),
  });
};

/** A response's JSON body, loosely typed: tests assert its shape. */
// biome-ignore lint/suspicious/noExplicitAny: assertions check the shape.
export const readJson = async (response: Response): Promise<any> => response.json();

/** A bearer token the runtime accepts, as `npm run token` would print it. */
export const tokenFor = async (runtime: Runtime, userId: string, roles: Role[]): Promise<string> =>
  signLocalToken(await loadOrCreateLocalSigningKey(runtime.config.auth.dataDir), { userId, roles });
