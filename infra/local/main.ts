// The SDK warns on Node 20 at every start; Lambda runs Node 22, so the warning says nothing here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

import { startRuntime } from './runtime.ts';

const env = process.env;
const numberFrom = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback);

const runtime = await startRuntime({
  port: numberFrom(env.PORT, 3000),
  storage: env.VETTED_STORAGE === 'memory' ? 'memory' : 'disk',
  dataDir: env.VETTED_DATA_DIR ?? '.vetted',
  ...(env.DYNAMODB_PORT ? { dynamodbPort: Number(env.DYNAMODB_PORT) } : {}),
  ...(env.SQS_PORT ? { sqsPort: Number(env.SQS_PORT) } : {}),
  retryDelaySeconds: numberFrom(env.LOCAL_RETRY_DELAY_S, 2),
  reconcileIntervalSeconds: numberFrom(env.RECONCILE_INTERVAL_S, 30),
  env,
  log: (message) => console.error(message),
});

console.log(`Vetted listening on ${runtime.url}`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.error(`${signal}: stopping`);
  const forced = setTimeout(() => process.exit(1), 8000);
  forced.unref();
  await runtime.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
