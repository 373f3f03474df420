import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  type Benchmark,
  type BenchOutcome,
  benchEnv,
  median,
  mib,
  type ProcessInfo,
  processTree,
  REPO_ROOT,
  round,
  sleep,
  stillRunning,
  stopProcessTree,
  zombies,
} from './lib.ts';

const RUNS = 3;
const READY_TIMEOUT_MS = 60_000;
const IDLE_WAIT_MS = 5_000;
const SHUTDOWN_TIMEOUT_MS = 15_000;

interface StartupRun {
  listeningMs: number;
  healthMs: number;
  /** When each log milestone arrived on stderr, ms after spawn. */
  milestones: Record<string, number>;
  shutdownMs: number;
  exitCode: number | null;
  leftOver: { pid: number; comm: string }[];
  zombies: { pid: number; comm: string }[];
  idle?: { totalMiB: number; processes: { pid: number; comm: string; rssMiB: number }[] };
}

const MILESTONES: [string, RegExp][] = [
  ['dynamodb+sqs ready', /^DynamoDB Local on /],
  ['demo library seeded', /^Loaded the demo reference library/],
];

const waitForHealth = async (url: string, deadline: number) => {
  while (performance.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not yet
    }
    await sleep(5);
  }
  throw new Error('GET /health did not answer 200 in time');
};

const startOnce = async (measureIdle: boolean): Promise<StartupRun> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vetted-bench-startup-'));
  let child: ChildProcess | undefined;
  try {
    const spawnedAt = performance.now();
    child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...benchEnv(), PORT: '0', VETTED_STORAGE: 'memory', VETTED_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = child;
    const milestones: Record<string, number> = {};
    let log = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      const at = performance.now() - spawnedAt;
      log += chunk.toString();
      for (const line of chunk.toString().split('\n'))
        for (const [name, pattern] of MILESTONES) if (pattern.test(line)) milestones[name] ??= round(at);
    });
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(
        () => reject(new Error(`not ready in ${READY_TIMEOUT_MS} ms:\n${log}`)),
        READY_TIMEOUT_MS,
      );
      started.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /Vetted listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited with ${code} before it was ready:\n${log}`));
      });
    });
    const listeningMs = performance.now() - spawnedAt;
    await waitForHealth(url, performance.now() + 10_000);
    const healthMs = performance.now() - spawnedAt;

    let idle: StartupRun['idle'];
    if (measureIdle) {
      await sleep(Math.max(0, IDLE_WAIT_MS - (performance.now() - spawnedAt - listeningMs)));
      const tree = processTree(started.pid as number).filter((info) => info.state !== 'Z');
      idle = {
        totalMiB: mib(tree.reduce((sum, info) => sum + info.rssKiB, 0)),
        processes: tree.map((info) => ({ pid: info.pid, comm: info.comm, rssMiB: mib(info.rssKiB) })),
      };
    }

    const descendants = processTree(started.pid as number).filter((info) => info.pid !== started.pid);
    const stopAt = performance.now();
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
    started.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([
      exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`npm start did not exit within ${SHUTDOWN_TIMEOUT_MS} ms of SIGTERM`)),
          SHUTDOWN_TIMEOUT_MS,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    const shutdownMs = performance.now() - stopAt;
    const pids = descendants.map((info) => info.pid);
    // Give the kernel a moment to tear down what the runtime killed on its way out.
    await sleep(200);
    const brief = (info: ProcessInfo) => ({ pid: info.pid, comm: info.comm });
    return {
      listeningMs: round(listeningMs),
      healthMs: round(healthMs),
      milestones,
      shutdownMs: round(shutdownMs),
      exitCode,
      leftOver: stillRunning(pids).map(brief),
      zombies: zombies(pids).map(brief),
      ...(idle ? { idle } : {}),
    };
  } finally {
    if (child) await stopProcessTree(child, 1000);
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export const startup: Benchmark = {
  name: 'startup',
  description: `npm start's entry (memory storage), ${RUNS} cold starts; idle RSS ~${IDLE_WAIT_MS / 1000} s after ready; SIGTERM`,
  async run(): Promise<BenchOutcome> {
    const runs: StartupRun[] = [];
    for (let index = 0; index < RUNS; index++) runs.push(await startOnce(index === RUNS - 1));

    const problems = runs.flatMap((run, index) => [
      ...(run.exitCode === 0 ? [] : [`run ${index + 1} exited with ${run.exitCode} on SIGTERM`]),
      ...run.leftOver.map((info) => `run ${index + 1} left ${info.comm} (pid ${info.pid}) running`),
    ]);
    if (problems.length > 0) throw new Error(problems.join('; '));

    const listening = runs.map((run) => run.listeningMs);
    const health = runs.map((run) => run.healthMs);
    const shutdown = runs.map((run) => run.shutdownMs);
    const idle = runs.at(-1)?.idle;
    const rssOf = (comm: string) =>
      round(
        (idle?.processes ?? [])
          .filter((info) => info.comm === comm)
          .reduce((sum, info) => sum + info.rssMiB, 0),
      );
    return {
      metrics: [
        { name: 'spawn → listening line, min', value: Math.min(...listening), unit: 'ms' },
        { name: 'spawn → listening line, median', value: median(listening), unit: 'ms' },
        { name: 'spawn → first 200 /health, min', value: Math.min(...health), unit: 'ms' },
        { name: 'spawn → first 200 /health, median', value: median(health), unit: 'ms' },
        {
          name: 'spawn → DynamoDB Local + SQS up, median',
          value: median(runs.map((run) => run.milestones['dynamodb+sqs ready'] ?? Number.NaN)),
          unit: 'ms',
        },
        { name: 'idle RSS, whole tree', value: idle?.totalMiB ?? Number.NaN, unit: 'MiB' },
        { name: 'idle RSS, node', value: rssOf('node'), unit: 'MiB' },
        { name: 'idle RSS, java (DynamoDB Local)', value: rssOf('java'), unit: 'MiB' },
        { name: 'SIGTERM → exit, median', value: median(shutdown), unit: 'ms' },
        { name: 'SIGTERM → exit, max', value: Math.max(...shutdown), unit: 'ms' },
        {
          name: 'child processes left running',
          value: runs.reduce((sum, run) => sum + run.leftOver.length, 0),
          unit: 'count',
        },
      ],
      details: { runs },
    };
  },
};
