import { type ChildProcess, spawn } from 'node:child_process';
import { KILL_AFTER_VARIABLE } from '../../infra/local/fault-hook.ts';
import type { FaultRuntimeOptions, FaultRuntimeReport } from './fault-runtime-child.ts';

export interface FaultRuntime {
  url: string;
  tables: Record<string, string>;
  /** Resolves with how the process ended: `signal` is 'SIGKILL' when the fault hook killed it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * Resolves once the runtime has relayed every event written so far and its queues are empty, with
   * the ids of the events its bus has carried (the most recent thousand).
   */
  settle(): Promise<string[]>;
  /** Stops a runtime that is still alive, gracefully. */
  stop(): Promise<void>;
}

/**
 * The local runtime in a child process of its own (test/support/fault-runtime-child.ts) on the
 * test's DynamoDB Local and data directory, so the test can SIGKILL it and start another on the same
 * data. With `killAfter` (infra/local/fault-hook.ts) it kills itself right after the matching
 * transaction commits.
 */
export const startFaultRuntime = async (
  options: FaultRuntimeOptions & { killAfter?: string },
  timeoutMs = 120_000,
): Promise<FaultRuntime> => {
  const { killAfter, ...child } = options;
  const process_: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/fault-runtime-child.ts'],
    {
      env: {
        ...process.env,
        FAULT_RUNTIME: JSON.stringify(child),
        VETTED_DATA_DIR: options.dataDir,
        DRAFT_GENERATOR: 'local',
        ...(killAfter ? { [KILL_AFTER_VARIABLE]: killAfter } : {}),
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    },
  );
  const output: string[] = [];
  process_.stderr?.on('data', (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    process_.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = await new Promise<Extract<FaultRuntimeReport, { kind: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => {
      process_.kill('SIGKILL');
      reject(new Error(`The fault runtime was not ready in ${timeoutMs} ms:\n${output.join('')}`));
    }, timeoutMs);
    process_.on('message', (report: FaultRuntimeReport) => {
      if (report.kind !== 'ready') return;
      clearTimeout(timer);
      resolve(report);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(`The fault runtime exited (${code ?? signal}) before it was ready:\n${output.join('')}`),
      );
    });
  });
  let asked = 0;
  return {
    url: ready.url,
    tables: ready.tables,
    exited,
    settle: () =>
      new Promise<string[]>((resolve, reject) => {
        const id = ++asked;
        const onReport = (report: FaultRuntimeReport) => {
          if (report.kind === 'ready' || report.id !== id) return;
          process_.off('message', onReport);
          if (report.kind === 'settled') resolve(report.published);
          else reject(new Error(`The fault runtime did not settle: ${report.message}`));
        };
        process_.on('message', onReport);
        process_.send({ kind: 'settle', id });
      }),
    stop: async () => {
      if (process_.exitCode === null && process_.signalCode === null) process_.send({ kind: 'stop', id: 0 });
      await exited;
    },
  };
};
