// The local runtime a SIGKILL fault test kills and restarts (test/integration/outbox-sigkill.test.ts),
// in a process of its own on the test's DynamoDB Local. VETTED_FAULT_KILL_AFTER (infra/local/fault-hook.ts)
// says after which transaction it dies.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

import { startRuntime } from '../../infra/local/runtime.ts';
import { type QueueName, queues } from '../../infra/resources.ts';
import { queuesDrained } from './queues.ts';

export interface FaultRuntimeOptions {
  dataDir: string;
  dynamodbEndpoint: string;
  env: Record<string, string>;
}

/** What the child tells its parent over the IPC channel. */
export type FaultRuntimeReport =
  | { kind: 'ready'; url: string; tables: Record<string, string>; region: string }
  | { kind: 'settled'; id: number; published: string[] }
  | { kind: 'failed'; id: number; message: string };

const options = JSON.parse(process.env.FAULT_RUNTIME ?? '{}') as FaultRuntimeOptions;
const send = (report: FaultRuntimeReport) => process.send?.(report);

const runtime = await startRuntime({
  port: 0,
  storage: 'disk',
  dataDir: options.dataDir,
  dynamodbEndpoint: options.dynamodbEndpoint,
  retryDelaySeconds: 1,
  // A worker killed mid-draft leaves its question `drafting` under a claim no message will come back
  // for: the reconciler's case. Short lease and deadline, so the trial waits seconds, not 15 minutes.
  reconcileIntervalSeconds: 2,
  env: { RATE_LIMIT_PER_MINUTE: '0', DRAFT_CLAIM_LEASE_S: '4', DRAFTING_DEADLINE_S: '5', ...options.env },
  log: (message) => console.error(message),
});

const everyQueue = Object.keys(queues) as QueueName[];
process.on('message', (message: { kind: 'settle' | 'stop'; id: number }) => {
  if (message.kind === 'stop') {
    void runtime.stop().finally(() => process.exit(0));
    return;
  }
  // Settled: every event written so far is relayed and every queue is empty, its workers idle.
  queuesDrained(runtime, everyQueue).then(
    () =>
      send({ kind: 'settled', id: message.id, published: runtime.bus.published.map((event) => event.id) }),
    (error: unknown) => send({ kind: 'failed', id: message.id, message: String(error) }),
  );
});
send({
  kind: 'ready',
  url: runtime.url,
  tables: { ...runtime.config.tables },
  region: runtime.config.region,
});
