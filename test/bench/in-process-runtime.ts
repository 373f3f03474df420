import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Runtime, startRuntime } from '../../infra/local/runtime.ts';

/**
 * Runs `body` against a local runtime started in this process (in memory, no reconciler schedule,
 * no rate limit), for benchmarks that write through the adapters beside the HTTP API; stops it and
 * removes its data directory after.
 */
export const withInProcessRuntime = async <T>(
  name: string,
  body: (runtime: Runtime, dataDir: string) => Promise<T>,
): Promise<T> => {
  const dataDir = mkdtempSync(join(tmpdir(), `vetted-bench-${name}-`));
  let runtime: Runtime | undefined;
  try {
    // The functions run in this process: only their errors are worth printing.
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    runtime = await startRuntime({
      port: 0,
      storage: 'memory',
      dataDir,
      reconcileIntervalSeconds: 0,
      retryDelaySeconds: 1,
      env: { RATE_LIMIT_PER_MINUTE: '0' },
    });
    return await body(runtime, dataDir);
  } finally {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
