// The SDK warns on Node 20 at every start; Lambda runs Node 22, so the warning says nothing here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

// Only light modules up front: the prerequisite checks answer before the handlers and SDKs load.
import type { HeldLock } from './data-dir-lock.ts';
import { readyMessage } from './next-steps.ts';
import { preflight, preflightOptions } from './preflight.ts';
import type { Runtime } from './runtime.ts';
import { briefly, StartupProblem } from './startup-problem.ts';

const env = process.env;

/** A port from the environment, or a sentence saying what is wrong with it. */
const portFrom = (variable: string, fallback: number): number => {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new StartupProblem(
      `${variable} must be a port number from 0 to 65535 (0: any free one), not "${value}".`,
    );
  return port;
};
const numberFrom = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback);

/** A failure, said plainly: a StartupProblem as it is, anything else in one line (the stack only on request). */
const report = (error: unknown, when: 'starting' | 'running') => {
  if (error instanceof StartupProblem) console.error(error.message);
  else
    console.error(
      `Vetted ${when === 'starting' ? 'could not start' : 'stopped after an unexpected error'}: ${briefly(error)}. ` +
        'Everything it had started has been stopped; `VETTED_DEBUG=1 npm start` shows the details.',
    );
  if (env.VETTED_DEBUG && error instanceof Error) console.error(error.stack);
};

let runtime: Runtime | undefined;
let stopping = false;
/** Stops everything the runtime started, then exits; a second call (a second Ctrl-C) waits for the first. */
const shutdown = async (exitCode: number) => {
  if (stopping) return;
  stopping = true;
  const forced = setTimeout(() => process.exit(exitCode || 1), 8000);
  forced.unref();
  await runtime?.stop();
  process.exit(exitCode);
};
const fail = (error: unknown) => {
  if (stopping) return;
  report(error, runtime ? 'running' : 'starting');
  void shutdown(1);
};

// A signal during start-up waits until there is something to stop.
let signalled: NodeJS.Signals | undefined;
const onSignal = (signal: NodeJS.Signals) => {
  if (!runtime) {
    signalled = signal;
    return;
  }
  console.error(`${signal}: stopping`);
  void shutdown(0);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

let lock: HeldLock | undefined;
try {
  const where = {
    port: portFrom('PORT', 3000),
    storage: env.VETTED_STORAGE === 'memory' ? ('memory' as const) : ('disk' as const),
    dataDir: env.VETTED_DATA_DIR ?? '.vetted',
    dynamodbPort: portFrom('DYNAMODB_PORT', 0),
    sqsPort: portFrom('SQS_PORT', 0),
  };
  lock = await preflight(preflightOptions(where));
  const { startRuntime } = await import('./runtime.ts');
  runtime = await startRuntime({
    ...where,
    preflighted: { lock },
    retryDelaySeconds: numberFrom(env.LOCAL_RETRY_DELAY_S, 2),
    reconcileIntervalSeconds: numberFrom(env.RECONCILE_INTERVAL_S, 30),
    env,
    log: (message) => console.error(message),
    onFatal: fail,
  });
} catch (error) {
  // startRuntime has stopped whatever it had started and released the lock (releasing twice is harmless).
  lock?.release();
  report(error, 'starting');
  process.exit(1);
}

console.log(readyMessage(runtime.url, env.VETTED_DATA_DIR));
if (signalled) onSignal(signalled);
