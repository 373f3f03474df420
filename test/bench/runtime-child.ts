// The runtime the throughput and latency benchmarks load, in its own process (see lib.ts startBenchRuntime).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

import { startRuntime } from '../../infra/local/runtime.ts';

const options = JSON.parse(process.env.BENCH_RUNTIME ?? '{}') as {
  consumers?: boolean;
  dataDir?: string;
  storage?: 'disk' | 'memory';
};

const runtime = await startRuntime({
  port: 0,
  storage: options.storage ?? 'memory',
  dataDir: options.dataDir ?? '.vetted-bench',
  consumers: options.consumers ?? true,
  retryDelaySeconds: 1,
  reconcileIntervalSeconds: 0,
  env: process.env,
  log: (message) => console.error(message),
});

console.log(`Vetted listening on ${runtime.url}`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  const forced = setTimeout(() => process.exit(1), 8000);
  forced.unref();
  await runtime.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
