import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  type Benchmark,
  type BenchOutcome,
  type BenchRuntime,
  cpuSecondsByCommand,
  postJson,
  processTree,
  round,
  runPool,
  startBenchRuntime,
  summarize,
} from './lib.ts';
import { benchQuestions } from './questions.ts';

const REQUESTS = 500;
const CONCURRENCY = 20;
const WARM_UP = 20;
const HEALTH_REQUESTS = 500;
const TIME_LIMIT_MS = 60_000;

export const intake: Benchmark = {
  name: 'intake',
  description: `${REQUESTS} POST /v1/questions, concurrency ${CONCURRENCY}, consumers off; GET /health baseline`,
  async run(): Promise<BenchOutcome> {
    const dataDir = mkdtempSync(join(tmpdir(), 'vetted-bench-intake-'));
    let runtime: BenchRuntime | undefined;
    try {
      runtime = await startBenchRuntime({ consumers: false, dataDir });
      const { url, pid } = runtime;
      const deadline = performance.now() + TIME_LIMIT_MS;

      // Baseline: the HTTP layer and a handler that touches no storage (after a warm-up of its own).
      const getHealth = async () => {
        const started = performance.now();
        const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET /health answered ${response.status}`);
        return performance.now() - started;
      };
      await runPool(Array.from({ length: WARM_UP }), CONCURRENCY, getHealth, deadline);
      const healthStartedAt = performance.now();
      const health = await runPool(Array.from({ length: HEALTH_REQUESTS }), CONCURRENCY, getHealth, deadline);
      const healthElapsedMs = performance.now() - healthStartedAt;

      const post = async (question: { question: string; audience: string }) => {
        const response = await postJson(`${url}/v1/questions`, question);
        if (response.status !== 202)
          throw new Error(`POST /v1/questions answered ${response.status}: ${JSON.stringify(response.json)}`);
        return response.ms;
      };
      await runPool(benchQuestions(WARM_UP, 2), CONCURRENCY, post, deadline);

      const cpuBefore = cpuSecondsByCommand(processTree(pid));
      const startedAt = performance.now();
      const latencies = await runPool(benchQuestions(REQUESTS, 3), CONCURRENCY, post, deadline);
      const elapsedMs = performance.now() - startedAt;
      const cpuAfter = cpuSecondsByCommand(processTree(pid));
      const cpu = Object.fromEntries(
        Object.entries(cpuAfter).map(([comm, seconds]) => [comm, round(seconds - (cpuBefore[comm] ?? 0), 2)]),
      );
      const summary = summarize(latencies);
      const healthSummary = summarize(health);
      const perRequestMs = (seconds: number | undefined) => round(((seconds ?? 0) * 1000) / REQUESTS, 2);

      return {
        metrics: [
          { name: 'POST requests per second', value: round(REQUESTS / (elapsedMs / 1000), 1), unit: '/s' },
          { name: 'POST latency p50', value: summary.p50, unit: 'ms' },
          { name: 'POST latency p99', value: summary.p99, unit: 'ms' },
          { name: 'POST latency max', value: summary.max, unit: 'ms' },
          { name: 'CPU per POST, node', value: perRequestMs(cpu.node), unit: 'ms' },
          { name: 'CPU per POST, java (DynamoDB Local)', value: perRequestMs(cpu.java), unit: 'ms' },
          {
            name: 'GET /health requests per second (baseline)',
            value: round(HEALTH_REQUESTS / (healthElapsedMs / 1000), 1),
            unit: '/s',
          },
          { name: 'GET /health latency p50 (baseline)', value: healthSummary.p50, unit: 'ms' },
          { name: 'GET /health latency p99 (baseline)', value: healthSummary.p99, unit: 'ms' },
        ],
        details: {
          requests: REQUESTS,
          concurrency: CONCURRENCY,
          warmUp: WARM_UP,
          elapsedMs: round(elapsedMs),
          postMs: summary,
          healthMs: healthSummary,
          cpuSecondsByProcess: cpu,
        },
      };
    } finally {
      await runtime?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
