import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The repository root: the benchmarks spawn its entry points from there. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One number a benchmark reports. */
export interface Metric {
  name: string;
  value: number;
  unit: string;
}

export interface BenchOutcome {
  metrics: Metric[];
  /** Anything else worth keeping in results.json (breakdowns, per-run numbers). */
  details: Record<string, unknown>;
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<BenchOutcome>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const round = (value: number, digits = 1) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** Nearest-rank percentile of an unsorted sample. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
};

export const median = (values: readonly number[]) => percentile(values, 50);

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export const summarize = (values: readonly number[]): Summary => ({
  n: values.length,
  min: round(Math.min(...values)),
  p50: round(percentile(values, 50)),
  p95: round(percentile(values, 95)),
  p99: round(percentile(values, 99)),
  max: round(Math.max(...values)),
  mean: round(values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length)),
});

/**
 * Runs `task` over `items` with at most `concurrency` in flight; stops
 * starting new ones once `deadline` (performance.now()) has passed.
 */
export const runPool = async <T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
  deadline = Number.POSITIVE_INFINITY,
): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (performance.now() > deadline) throw new Error('The benchmark ran out of time');
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
};

/** Counts the requests a DynamoDB client sends (one per command, retries aside); reset by setting `value`. */
export const countRequests = (client: Pick<DynamoDBDocumentClient, 'middlewareStack'>): { value: number } => {
  const counter = { value: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      counter.value++;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return counter;
};

/** A POST of JSON, timed on the client. */
export const postJson = async (
  url: string,
  body: unknown,
): Promise<{ status: number; ms: number; json: unknown }> => {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const json: unknown = await response.json();
  return { status: response.status, ms: performance.now() - started, json };
};

// ---------------------------------------------------------------------------
// Processes (Linux /proc)

export interface ProcessInfo {
  pid: number;
  ppid: number;
  comm: string;
  state: string;
  /** VmRSS in KiB; 0 for zombies. */
  rssKiB: number;
  /** utime + stime in clock ticks. */
  cpuTicks: number;
}

/** Linux's USER_HZ; 100 on every mainstream kernel. */
export const CLOCK_TICKS_PER_SECOND = 100;

const readProcess = (pid: number): ProcessInfo | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is parenthesised and may hold spaces: the fields after the last ')' are fixed.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat
      .slice(close + 2)
      .trim()
      .split(' ');
    // fields[0] is field 3 (state); utime/stime are fields 14/15.
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return {
      pid,
      ppid: Number(fields[1]),
      comm,
      state: fields[0] ?? '?',
      rssKiB: rss ? Number(rss[1]) : 0,
      cpuTicks: Number(fields[11]) + Number(fields[12]),
    };
  } catch {
    return undefined;
  }
};

const allProcesses = (): ProcessInfo[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);

/** The process and all its descendants (found through /proc/<pid>/stat's ppid). */
export const processTree = (rootPid: number): ProcessInfo[] => {
  const processes = allProcesses();
  const root = processes.find((info) => info.pid === rootPid);
  if (!root) return [];
  const tree = [root];
  for (let index = 0; index < tree.length; index++) {
    const parent = tree[index] as ProcessInfo;
    tree.push(...processes.filter((info) => info.ppid === parent.pid && info.pid !== parent.pid));
  }
  return tree;
};

/** Live (not zombie) processes among these pids. */
export const stillRunning = (pids: readonly number[]): ProcessInfo[] =>
  pids
    .map((pid) => readProcess(pid))
    .filter((info): info is ProcessInfo => info !== undefined && info.state !== 'Z' && info.state !== 'X');

/** Zombies among these pids: exited but not reaped (no longer using memory or CPU). */
export const zombies = (pids: readonly number[]): ProcessInfo[] =>
  pids.map((pid) => readProcess(pid)).filter((info): info is ProcessInfo => info?.state === 'Z');

export const mib = (kib: number) => round(kib / 1024, 1);

/** CPU seconds used so far by each process of the tree, by command name. */
export const cpuSecondsByCommand = (tree: readonly ProcessInfo[]): Record<string, number> => {
  const totals: Record<string, number> = {};
  for (const info of tree)
    totals[info.comm] = (totals[info.comm] ?? 0) + info.cpuTicks / CLOCK_TICKS_PER_SECOND;
  return totals;
};

// ---------------------------------------------------------------------------
// A runtime in a child process

/** The caller's environment without settings that would pin ports or change the runtime under test. */
export const benchEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const name of [
    'PORT',
    'DYNAMODB_PORT',
    'SQS_PORT',
    'VETTED_STORAGE',
    'VETTED_DATA_DIR',
    'DRAFT_GENERATOR',
  ])
    delete env[name];
  // Benches fire many anonymous writes from one address: the per-client limit is not what they measure.
  env.RATE_LIMIT_PER_MINUTE = '0';
  return env;
};

export interface BenchRuntime {
  url: string;
  pid: number;
  child: ChildProcess;
  /** stderr lines of the runtime (its log). */
  log: () => string[];
  stop(): Promise<void>;
}

/**
 * Starts the local runtime (test/bench/runtime-child.ts → startRuntime) in
 * its own process, so the load generator does not share the server's event
 * loop. Options not reachable through `npm start` (consumers: false) go in
 * through BENCH_RUNTIME.
 */
export const startBenchRuntime = async (
  options: { consumers: boolean; dataDir: string; storage?: 'disk' | 'memory' },
  timeoutMs = 60_000,
): Promise<BenchRuntime> => {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the runtime process there (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'test/bench/runtime-child.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...benchEnv(),
      BENCH_RUNTIME: JSON.stringify(options),
      VETTED_DATA_DIR: options.dataDir,
      DRAFT_GENERATOR: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 2000) lines.splice(0, lines.length - 2000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The bench runtime was not ready in ${timeoutMs} ms:\n${lines.join('\n')}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Vetted listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The bench runtime exited with ${code} before it was ready:\n${lines.join('\n')}`));
    });
  });
  const pid = child.pid as number;
  return {
    url,
    pid,
    child,
    log: () => lines,
    stop: () => stopProcessTree(child),
  };
};

/** SIGTERM, then (after `graceMs`) SIGKILL for the process and whatever of its tree is left. */
export const stopProcessTree = async (child: ChildProcess, graceMs = 10_000): Promise<void> => {
  const pid = child.pid;
  if (pid === undefined) return;
  const descendants = processTree(pid).map((info) => info.pid);
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
    if (timedOut) child.kill('SIGKILL');
  }
  for (const info of stillRunning(descendants)) {
    try {
      process.kill(info.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
};
