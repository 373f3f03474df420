import { afterAll, beforeAll } from 'vitest';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../infra/local/runtime.ts';

/**
 * Starts a local runtime (DynamoDB Local + SQS emulator + handlers, in
 * memory, on free ports) for the test file and stops it afterwards.
 */
export const useRuntime = (options: RuntimeOptions = {}): (() => Runtime) => {
  let runtime: Runtime | undefined;
  beforeAll(async () => {
    runtime = await startRuntime({
      port: 0,
      storage: 'memory',
      retryDelaySeconds: 1,
      reconcileIntervalSeconds: 0,
      ...options,
    });
  });
  afterAll(async () => {
    await runtime?.stop();
  });
  return () => {
    if (!runtime) throw new Error('The runtime has not started');
    return runtime;
  };
};

/** fetch with a JSON body. */
export const request = (
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
) =>
  fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.rawBody !== undefined ? { body: options.rawBody } : {}),
  });

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export const eventually = async <T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
};

/** A response's JSON body, loosely typed: tests assert its shape. */
// biome-ignore lint/suspicious/noExplicitAny: assertions check the shape.
export const readJson = async (response: Response): Promise<any> => response.json();
