/**
 * `npm run bench [-- name...]`: runs the benchmarks one after another (all
 * by default), prints a table and writes test/bench/results.json. Exits
 * non-zero only when a benchmark breaks, never because a number is slow.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { answer } from './answer.ts';
import { coldstart } from './coldstart.ts';
import { drafting } from './drafting.ts';
import { grounding } from './grounding.ts';
import { libraryIndex } from './index-engine.ts';
import { intake } from './intake.ts';
import { type Benchmark, type Metric, REPO_ROOT, round } from './lib.ts';
import { library } from './library.ts';
import { publicationLag } from './publication-lag.ts';
import { publishing } from './publishing.ts';
import { reads } from './reads.ts';
import { startup } from './startup.ts';
import { withdrawal } from './withdrawal.ts';

const BENCHMARKS: readonly Benchmark[] = [
  startup,
  grounding,
  drafting,
  intake,
  answer,
  reads,
  publishing,
  publicationLag,
  coldstart,
  libraryIndex,
  library,
  withdrawal,
];
const RESULTS_FILE = join(REPO_ROOT, 'test', 'bench', 'results.json');

interface Result {
  name: string;
  description: string;
  ok: boolean;
  error?: string;
  durationMs: number;
  metrics: Metric[];
  details: Record<string, unknown>;
}

const git = (...args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
};

const formatValue = (value: number) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : 'n/a';

const printTable = (results: readonly Result[]) => {
  const rows: [string, string, string, string][] = [['benchmark', 'metric', 'value', 'unit']];
  for (const result of results) {
    if (!result.ok) rows.push([result.name, `FAILED: ${result.error?.split('\n')[0] ?? ''}`, '', '']);
    for (const metric of result.metrics)
      rows.push([result.name, metric.name, formatValue(metric.value), metric.unit]);
  }
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        column === 2 ? cell.padStart(widths[2] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  console.log(['', line(rows[0] ?? []), rule, ...rows.slice(1).map(line), ''].join('\n'));
};

const selected = process.argv.slice(2);
const unknown = selected.filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
const toRun = selected.length > 0 ? BENCHMARKS.filter((b) => selected.includes(b.name)) : BENCHMARKS;

const results: Result[] = [];
const startedAt = performance.now();
const loadBefore = loadavg().map((value) => round(value, 2));
for (const benchmark of toRun) {
  console.error(`▶ ${benchmark.name}: ${benchmark.description}`);
  const began = performance.now();
  try {
    const outcome = await benchmark.run();
    results.push({
      name: benchmark.name,
      description: benchmark.description,
      ok: true,
      durationMs: 0,
      ...outcome,
    });
  } catch (error) {
    console.error(`✖ ${benchmark.name} broke: ${(error as Error)?.stack ?? String(error)}`);
    results.push({
      name: benchmark.name,
      description: benchmark.description,
      ok: false,
      error: (error as Error)?.message ?? String(error),
      durationMs: 0,
      metrics: [],
      details: {},
    });
  }
  const result = results.at(-1) as Result;
  result.durationMs = round(performance.now() - began);
  console.error(`  ${result.ok ? 'done' : 'failed'} in ${round(result.durationMs / 1000, 1)} s`);
}

printTable(results);
const loadAfter = loadavg().map((value) => round(value, 2));
console.error(
  `Load average (1/5/15 min) before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')} on ${cpus().length} CPUs` +
    (Math.max(loadBefore[0] ?? 0, loadAfter[0] ?? 0) > cpus().length
      ? ': the machine was busy, numbers are noisy'
      : ''),
);

writeFileSync(
  RESULTS_FILE,
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      durationMs: round(performance.now() - startedAt),
      environment: {
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGiB: round(totalmem() / 2 ** 30, 1),
        commit: git('rev-parse', 'HEAD'),
        dirty: (git('status', '--porcelain') ?? '') !== '',
        // Other work on the machine skews the numbers: 1/5/15-minute load averages before and after.
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadAfter,
      },
      results: results.map(({ name, description, ok, error, durationMs, metrics, details }) => ({
        name,
        description,
        ok,
        ...(error ? { error } : {}),
        durationMs,
        metrics: Object.fromEntries(
          metrics.map((metric) => [metric.name, { value: metric.value, unit: metric.unit }]),
        ),
        details,
      })),
    },
    null,
    2,
  )}\n`,
);
console.error(
  `Results written to ${RESULTS_FILE} (${round((performance.now() - startedAt) / 1000, 1)} s in all)`,
);

// Benchmarks stop what they start; exit explicitly so a lingering keep-alive socket cannot hold the process.
process.exit(results.every((result) => result.ok) ? 0 : 1);
