import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../infra/local/local-signing-key.ts';
import { readRuntimeFile } from '../../infra/local/runtime-file.ts';
import { interleavedQuestions } from '../support/labelled-questions.ts';
import {
  type Benchmark,
  type BenchOutcome,
  type BenchRuntime,
  benchEnv,
  median,
  REPO_ROOT,
  round,
  runPool,
  sleep,
  startBenchRuntime,
  stopProcessTree,
} from './lib.ts';

const CONNECTIONS = 10;
const ROUNDS = 3;
const WARM_UP_SECONDS = 2;
const ROUND_SECONDS = 5;
const SEARCHES = [
  'blood pressure medicines',
  'statin muscle aches',
  'flu vaccine pregnancy',
  'migraine attack treatment',
];

interface RoundResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** One autocannon run, `paths` taken in turn by every connection. */
const load = async (base: string, paths: readonly string[], seconds: number): Promise<RoundResult> => {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          request.path = paths[next++ % paths.length] as string;
          return request;
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
};

const fetchJson = async (url: string, init?: RequestInit) => {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

/**
 * Asks, waits for the draft, approves as a reviewer, waits for publication: the real pipeline. A draft the
 * publish gate refuses (422: the library does not support it) is not published, so it has no slug.
 */
const publish = async (url: string, token: string, question: string): Promise<string | undefined> => {
  const { json: asked } = await fetchJson(`${url}/v1/questions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question, audience: 'clinician' }),
  });
  const id = asked.id as string;
  const waitFor = async (status: string) => {
    for (let i = 0; i < 300; i++) {
      const { json } = await fetchJson(`${url}/v1/questions/${id}`);
      if (json.status === status) return json;
      await sleep(100);
    }
    throw new Error(`Question ${id} never reached ${status}`);
  };
  await waitFor('in_review');
  const decided = await fetch(`${url}/v1/review/questions/${id}/decisions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ revision: 1, decision: 'approve' }),
  });
  if (decided.status === 422) return undefined;
  if (decided.status !== 201) throw new Error(`The approval answered ${decided.status}`);
  return (await waitFor('published')).articleSlug as string;
};

const startFloor = async (endpoint: string, table: string) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/floor-server.ts'], {
    cwd: REPO_ROOT,
    env: { ...benchEnv(), FLOOR_DYNAMODB_ENDPOINT: endpoint, FLOOR_TABLE: table },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Floor listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`The floor server exited with ${code}`)));
  });
  return { url, stop: () => stopProcessTree(child) };
};

export const reads: Benchmark = {
  name: 'reads',
  description: `public reads vs a bare node:http + GetItem floor, autocannon ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s`,
  async run(): Promise<BenchOutcome> {
    const dataDir = mkdtempSync(join(tmpdir(), 'vetted-bench-reads-'));
    let runtime: BenchRuntime | undefined;
    let floor: { url: string; stop: () => Promise<void> } | undefined;
    try {
      runtime = await startBenchRuntime({ consumers: true, dataDir });
      const { url } = runtime;
      const file = readRuntimeFile(dataDir);
      if (!file) throw new Error('The bench runtime wrote no runtime.json');
      const token = await signLocalToken(await loadOrCreateLocalSigningKey(dataDir), {
        userId: 'bench-reviewer',
        roles: ['reviewer'],
      });
      const questions = interleavedQuestions().map(({ question }) => question);
      const published = await runPool(questions, 4, (question) => publish(url, token, question));
      const slugs = published.filter((slug): slug is string => slug !== undefined);
      // Let the propagation worker finish: the last article's links settle.
      let previous = '';
      for (let i = 0; i < 50; i++) {
        const { json } = await fetchJson(`${url}/v1/articles/${slugs.at(-1)}/related?depth=2`);
        const now = JSON.stringify(json);
        if (now === previous) break;
        previous = now;
        await sleep(500);
      }
      floor = await startFloor(file.dynamodbEndpoint, file.tables.articles);

      const targets: Record<string, { base: string; paths: string[] }> = {
        article: { base: url, paths: slugs.map((slug) => `/v1/articles/${slug}`) },
        floor: { base: floor.url, paths: slugs.map((slug) => `/floor/${slug}`) },
        'related?depth=2': { base: url, paths: slugs.map((slug) => `/v1/articles/${slug}/related?depth=2`) },
        search: { base: url, paths: SEARCHES.map((q) => `/v1/search?q=${encodeURIComponent(q)}`) },
      };
      for (const target of Object.values(targets)) await load(target.base, target.paths, WARM_UP_SECONDS);
      const rounds: Record<string, RoundResult[]> = Object.fromEntries(
        Object.keys(targets).map((name) => [name, []]),
      );
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, target] of Object.entries(targets)) {
          rounds[name]?.push(await load(target.base, target.paths, ROUND_SECONDS));
        }
      }
      const medians = Object.fromEntries(
        Object.entries(rounds).map(([name, results]) => [
          name,
          {
            requestsPerSecond: round(median(results.map((r) => r.requestsPerSecond))),
            p50: round(median(results.map((r) => r.p50)), 2),
            p99: round(median(results.map((r) => r.p99)), 2),
            failed: results.reduce((sum, r) => sum + r.non2xx, 0),
          },
        ]),
      ) as Record<string, { requestsPerSecond: number; p50: number; p99: number; failed: number }>;
      const floorRps = medians.floor?.requestsPerSecond ?? Number.NaN;
      const ratio = (name: string) => round((medians[name]?.requestsPerSecond ?? 0) / floorRps, 2);
      return {
        metrics: [
          ...Object.entries(medians).flatMap(([name, m]) => [
            { name: `${name} requests per second (median)`, value: m.requestsPerSecond, unit: '/s' },
            { name: `${name} latency p99 (median)`, value: m.p99, unit: 'ms' },
          ]),
          { name: 'article reads ÷ floor', value: ratio('article'), unit: '×' },
          { name: 'related?depth=2 ÷ floor', value: ratio('related?depth=2'), unit: '×' },
          { name: 'search ÷ floor', value: ratio('search'), unit: '×' },
        ],
        details: {
          articles: slugs.length,
          connections: CONNECTIONS,
          roundSeconds: ROUND_SECONDS,
          medians,
          rounds,
        },
      };
    } finally {
      await floor?.stop();
      await runtime?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
