/**
 * The whole library path at size, as an editorial team meets it: start the
 * local system, `npm run sources:load` a file of N synthetic 4 KB guidelines,
 * restart (so the draft worker is fresh), ask, ask again, read the answer.
 *
 *   npm run bench -- library                 1k, 10k and 100k (about 25 minutes here)
 *   LIBRARY_BENCH_SIZES=1000,10000 npm run bench -- library
 *
 * Reports per size: the load's wall time and peak RSS (the loader process),
 * the first draft after a restart and the next one (the worker's drafting →
 * in_review interval, which is retrieval plus the local composer), the
 * asker's answer read, the runtime's node RSS after drafting, and how many
 * DynamoDB requests the publish gate's check of a draft's cited ids costs.
 * The runtime keeps every function in one node process, so its RSS is an
 * upper bound on one worker's.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readRuntimeFile } from '../../infra/local/runtime-file.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { syntheticSources } from './index-engine.ts';
import {
  type Benchmark,
  type BenchOutcome,
  benchEnv,
  countRequests,
  type Metric,
  median,
  postJson,
  processTree,
  REPO_ROOT,
  round,
  sleep,
  startBenchRuntime,
} from './lib.ts';

const DEFAULT_SIZES = [1000, 10_000, 100_000];
const CHUNK = 5000;
const ANSWER_READS = 20;
const DRAFT_TIMEOUT_MS = 120_000;

interface Timeline {
  id: string;
  status: string;
  timeline: { status: string; at: string }[];
}

/** Writes the synthetic library as JSONL in chunks, so 100k sources never sit in memory at once. */
const writeLibrary = async (file: string, size: number): Promise<string[]> => {
  const out = createWriteStream(file);
  const titles: string[] = [];
  for (let start = 0; start < size; start += CHUNK) {
    // One seed per chunk, ids offset by the chunk start: deterministic, distinct ids.
    const chunk = syntheticSources(Math.min(CHUNK, size - start), 'guideline', 1 + start / CHUNK);
    for (const [offset, source] of chunk.entries()) {
      const line = JSON.stringify({ ...source, id: `guideline-${start + offset}` });
      if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      if (titles.length < 4 && offset % 100 === 7) titles.push(source.title);
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return titles;
};

/** Runs `npm run sources:load -- FILE` against the running system; wall time and the loader's peak RSS. */
const runLoad = (dataDir: string, file: string) =>
  new Promise<{ ms: number; peakRssMb: number; output: string }>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/sources-load-cli.ts', file], {
      cwd: REPO_ROOT,
      env: {
        ...benchEnv(),
        VETTED_DATA_DIR: dataDir,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    let peakKiB = 0;
    const sampler = setInterval(() => {
      const rss = processTree(child.pid as number).reduce((sum, info) => sum + info.rssKiB, 0);
      peakKiB = Math.max(peakKiB, rss);
    }, 250);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sampler);
      if (code !== 0) reject(new Error(`sources:load exited with ${code}: ${output.slice(-2000)}`));
      else resolve({ ms: performance.now() - started, peakRssMb: round(peakKiB / 1024, 0), output });
    });
  });

const questionStatus = async (url: string, id: string): Promise<Timeline> => {
  const response = await fetch(`${url}/v1/questions/${id}`, { signal: AbortSignal.timeout(10_000) });
  return (await response.json()) as Timeline;
};

/** Asks one question and waits for its draft; the worker's drafting → in_review interval. */
const draftTime = async (url: string, question: string) => {
  const asked = await postJson(`${url}/v1/questions`, { question, audience: 'clinician' });
  if (asked.status !== 202) throw new Error(`POST /v1/questions answered ${asked.status}`);
  const { id } = asked.json as Timeline;
  const deadline = performance.now() + DRAFT_TIMEOUT_MS;
  for (;;) {
    const status = await questionStatus(url, id);
    const drafting = status.timeline.find((entry) => entry.status === 'drafting');
    const done = status.timeline.find((entry) => entry.status === 'in_review' || entry.status === 'failed');
    if (drafting && done)
      return { id, outcome: done.status, draftMs: Date.parse(done.at) - Date.parse(drafting.at) };
    if (performance.now() > deadline)
      throw new Error(`Question ${id} was not drafted in time: ${status.status}`);
    await sleep(50);
  }
};

const answerReadMs = async (url: string, id: string) => {
  const times: number[] = [];
  for (let read = 0; read < ANSWER_READS; read++) {
    const started = performance.now();
    const response = await fetch(`${url}/v1/questions/${id}/answer`, { signal: AbortSignal.timeout(15_000) });
    await response.arrayBuffer();
    if (response.status >= 500) throw new Error(`GET answer answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return median(times);
};

/** The DynamoDB requests one gate check of `ids` costs, counted on the client. */
const gateCheckRequests = async (dataDir: string, ids: readonly string[]) => {
  const runtime = readRuntimeFile(dataDir);
  if (!runtime) throw new Error('No runtime file in the bench data directory');
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const requests = countRequests(client);
  try {
    const resolved = await new DynamoLibraryCatalog(client, runtime.tables.sources).resolve(ids);
    if (resolved.size !== ids.length)
      throw new Error(`The gate resolved ${resolved.size} of ${ids.length} ids`);
    return requests.value;
  } finally {
    client.destroy();
  }
};

const runtimeRssMb = (pid: number) =>
  round(
    processTree(pid)
      .filter((info) => info.comm === 'node' || info.pid === pid)
      .reduce((sum, info) => sum + info.rssKiB, 0) / 1024,
    0,
  );

export async function measureLibrary(size: number): Promise<Record<string, number | string>> {
  const dataDir = mkdtempSync(join(tmpdir(), `vetted-library-bench-${size}-`));
  const file = join(dataDir, 'library.jsonl');
  try {
    const titles = await writeLibrary(file, size);
    let runtime = await startBenchRuntime({ consumers: true, dataDir, storage: 'disk' }, 120_000);
    let load: Awaited<ReturnType<typeof runLoad>>;
    try {
      load = await runLoad(dataDir, file);
    } finally {
      await runtime.stop();
    }
    // A fresh process: nothing of the load's index version is cached by the draft worker.
    runtime = await startBenchRuntime({ consumers: true, dataDir, storage: 'disk' }, 120_000);
    try {
      const first = await draftTime(runtime.url, `What does the guidance say about ${titles[0]}?`);
      const next = await draftTime(runtime.url, `What is recommended for ${titles[1]}?`);
      const third = await draftTime(runtime.url, `How is ${titles[2]} managed?`);
      const answerMs = await answerReadMs(runtime.url, first.id);
      const rssMb = runtimeRssMb(runtime.pid);
      const gateRequests = await gateCheckRequests(
        dataDir,
        Array.from({ length: 20 }, (_, index) => `guideline-${Math.floor((index * size) / 20)}`),
      );
      return {
        sources: size,
        loadMs: round(load.ms, 0),
        loaderPeakRssMb: load.peakRssMb,
        firstDraftMs: first.draftMs,
        firstDraftOutcome: first.outcome,
        warmDraftMs: median([next.draftMs, third.draftMs]),
        warmDraftOutcomes: `${next.outcome},${third.outcome}`,
        answerReadMs: round(answerMs),
        runtimeRssMb: rssMb,
        gateCheckRequests: gateRequests,
      };
    } finally {
      await runtime.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const configuredSizes = () => {
  const sizes = (process.env.LIBRARY_BENCH_SIZES ?? '')
    .split(',')
    .map(Number)
    .filter((size) => Number.isInteger(size) && size > 0);
  return sizes.length > 0 ? sizes : DEFAULT_SIZES;
};

export const library: Benchmark = {
  name: 'library',
  description:
    'sources:load of 1k/10k/100k synthetic 4 KB sources, then a fresh worker’s first draft, a warm draft, the answer read, RSS and the gate check’s requests',
  async run(): Promise<BenchOutcome> {
    const metrics: Metric[] = [];
    const details: Record<string, unknown> = {};
    for (const size of configuredSizes()) {
      const result = await measureLibrary(size);
      details[String(size)] = result;
      const label = size >= 1000 ? `${size / 1000}k` : String(size);
      metrics.push(
        { name: `${label} load`, value: Number(result.loadMs), unit: 'ms' },
        { name: `${label} loader peak RSS`, value: Number(result.loaderPeakRssMb), unit: 'MB' },
        { name: `${label} first draft (fresh worker)`, value: Number(result.firstDraftMs), unit: 'ms' },
        { name: `${label} warm draft`, value: Number(result.warmDraftMs), unit: 'ms' },
        { name: `${label} answer read`, value: Number(result.answerReadMs), unit: 'ms' },
        { name: `${label} runtime RSS`, value: Number(result.runtimeRssMb), unit: 'MB' },
        { name: `${label} gate check`, value: Number(result.gateCheckRequests), unit: 'requests' },
      );
    }
    return { metrics, details };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const size of configuredSizes()) console.log(JSON.stringify(await measureLibrary(size)));
}
