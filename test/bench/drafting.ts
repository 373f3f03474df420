import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../infra/local/local-signing-key.ts';
import {
  type Benchmark,
  type BenchOutcome,
  type BenchRuntime,
  cpuSecondsByCommand,
  mib,
  type ProcessInfo,
  postJson,
  processTree,
  round,
  runPool,
  sleep,
  startBenchRuntime,
  summarize,
} from './lib.ts';
import { type BenchQuestion, benchQuestions } from './questions.ts';

const QUESTIONS = 200;
const WARM_UP = 5;
const POST_CONCURRENCY = 10;
const READ_CONCURRENCY = 4;
const POLL_INTERVAL_MS = 200;
const DRAIN_TIMEOUT_MS = 90_000;

interface TimelineEntry {
  status: string;
  at: string;
}

interface QuestionBody {
  id: string;
  status: string;
  timeline: TimelineEntry[];
  failureReason?: string;
}

const atOf = (question: QuestionBody, status: string): number => {
  const entry = question.timeline.find((item) => item.status === status);
  if (!entry) throw new Error(`Question ${question.id} has no ${status} entry in its timeline`);
  return Date.parse(entry.at);
};

/** POSTs the questions; each must be accepted as new (202). */
const submit = async (url: string, questions: readonly BenchQuestion[], deadline: number) =>
  runPool(
    questions,
    POST_CONCURRENCY,
    async (question) => {
      const response = await postJson(`${url}/v1/questions`, question);
      if (response.status !== 202)
        throw new Error(`POST /v1/questions answered ${response.status}: ${JSON.stringify(response.json)}`);
      return { id: (response.json as QuestionBody).id, ms: response.ms };
    },
    deadline,
  );

interface QueuePage {
  items: { id: string }[];
  nextCursor: string | null;
}

/** Ids of the questions with this status, as the review queue lists them (every page). */
const listByStatus = async (url: string, token: string, status: string, limit = 100) => {
  const ids = new Set<string>();
  let cursor: string | null = null;
  let requests = 0;
  do {
    const query = new URLSearchParams({ status, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const response = await fetch(`${url}/v1/review/queue?${query}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    requests++;
    if (response.status !== 200)
      throw new Error(`GET /v1/review/queue answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as QueuePage;
    for (const item of page.items) ids.add(item.id);
    cursor = page.nextCursor;
  } while (cursor);
  return { ids, requests };
};

/**
 * Waits until every question is in_review, watching the review queue (a few
 * requests per round, so watching barely loads the runtime it measures),
 * then reads each question once for its timeline.
 */
const drain = async (url: string, token: string, ids: readonly string[], deadline: number) => {
  let requests = 0;
  for (;;) {
    if (performance.now() > deadline)
      throw new Error(`Not all ${ids.length} questions were in_review in time`);
    const failed = await listByStatus(url, token, 'failed');
    const inReview = await listByStatus(url, token, 'in_review');
    requests += failed.requests + inReview.requests;
    const broken = ids.filter((id) => failed.ids.has(id));
    if (broken.length > 0) throw new Error(`${broken.length} questions failed to draft, e.g. ${broken[0]}`);
    if (ids.every((id) => inReview.ids.has(id))) break;
    await sleep(POLL_INTERVAL_MS);
  }
  const questions = await runPool(ids, READ_CONCURRENCY, async (id) => {
    const response = await fetch(`${url}/v1/questions/${id}`, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as QuestionBody;
    if (response.status !== 200 || body.status !== 'in_review')
      throw new Error(`GET /v1/questions/${id} answered ${response.status} with status ${body.status}`);
    return body;
  });
  return { questions, watchRequests: requests };
};

export const drafting: Benchmark = {
  name: 'drafting',
  description: `${QUESTIONS} distinct questions, POST concurrency ${POST_CONCURRENCY}, until all in_review (local generator)`,
  async run(): Promise<BenchOutcome> {
    const dataDir = mkdtempSync(join(tmpdir(), 'vetted-bench-drafting-'));
    let runtime: BenchRuntime | undefined;
    try {
      runtime = await startBenchRuntime({ consumers: true, dataDir });
      const { url, pid } = runtime;
      // The runtime keeps its local token signing key in the data dir: sign a reviewer token with it.
      const token = await signLocalToken(await loadOrCreateLocalSigningKey(dataDir), {
        userId: 'bench',
        roles: ['reviewer'],
      });
      const deadline = performance.now() + DRAIN_TIMEOUT_MS + 60_000;

      // Warm up the handlers (first-call initialisation, JIT) with a few questions of their own.
      const warm = await submit(url, benchQuestions(WARM_UP, 1), deadline);
      await drain(
        url,
        token,
        warm.map((item) => item.id),
        deadline,
      );

      const cpuBefore = cpuSecondsByCommand(processTree(pid));
      const startedAt = performance.now();
      const submitted = await submit(url, benchQuestions(QUESTIONS), deadline);
      const postPhaseMs = performance.now() - startedAt;
      const { questions, watchRequests } = await drain(
        url,
        token,
        submitted.map((item) => item.id),
        performance.now() + DRAIN_TIMEOUT_MS,
      );
      const wallMs = performance.now() - startedAt;
      const tree = processTree(pid);
      const cpuAfter = cpuSecondsByCommand(tree);

      const submittedAt = questions.map((question) => atOf(question, 'submitted'));
      const draftingAt = questions.map((question) => atOf(question, 'drafting'));
      const inReviewAt = questions.map((question) => atOf(question, 'in_review'));
      const endToEnd = questions.map(
        (_, index) => (inReviewAt[index] as number) - (submittedAt[index] as number),
      );
      const queueWait = questions.map(
        (_, index) => (draftingAt[index] as number) - (submittedAt[index] as number),
      );
      const generation = questions.map(
        (_, index) => (inReviewAt[index] as number) - (draftingAt[index] as number),
      );
      const spanMs = Math.max(...inReviewAt) - Math.min(...submittedAt);
      const e2e = summarize(endToEnd);
      const post = summarize(submitted.map((item) => item.ms));
      const cpu = Object.fromEntries(
        Object.entries(cpuAfter).map(([comm, seconds]) => [comm, round(seconds - (cpuBefore[comm] ?? 0), 2)]),
      );
      const live = tree.filter((info) => info.state !== 'Z');
      const rssMiB = (keep: (info: ProcessInfo) => boolean) =>
        mib(live.filter(keep).reduce((sum, info) => sum + info.rssKiB, 0));
      const errors = runtime.log().filter((line) => line.startsWith('error:'));

      return {
        metrics: [
          {
            name: 'drafts per second (first submit → last in_review)',
            value: round(QUESTIONS / (spanMs / 1000), 2),
            unit: '/s',
          },
          { name: 'POST → in_review p50', value: e2e.p50, unit: 'ms' },
          { name: 'POST → in_review p95', value: e2e.p95, unit: 'ms' },
          { name: 'POST → in_review p99', value: e2e.p99, unit: 'ms' },
          { name: 'POST → in_review max', value: e2e.max, unit: 'ms' },
          { name: 'queue wait (submitted → drafting) p50', value: summarize(queueWait).p50, unit: 'ms' },
          { name: 'drafting → in_review p50', value: summarize(generation).p50, unit: 'ms' },
          { name: 'drafting → in_review p95', value: summarize(generation).p95, unit: 'ms' },
          { name: 'HTTP POST latency p50', value: post.p50, unit: 'ms' },
          { name: 'HTTP POST latency p99', value: post.p99, unit: 'ms' },
          { name: 'CPU, node (runtime)', value: cpu.node ?? 0, unit: 's' },
          { name: 'CPU, java (DynamoDB Local)', value: cpu.java ?? 0, unit: 's' },
          { name: 'RSS after run, whole tree', value: rssMiB(() => true), unit: 'MiB' },
          { name: 'RSS after run, node', value: rssMiB((info) => info.comm === 'node'), unit: 'MiB' },
          {
            name: 'RSS after run, java (DynamoDB Local)',
            value: rssMiB((info) => info.comm === 'java'),
            unit: 'MiB',
          },
          { name: 'runtime errors logged', value: errors.length, unit: 'count' },
        ],
        details: {
          questions: QUESTIONS,
          warmUp: WARM_UP,
          postConcurrency: POST_CONCURRENCY,
          spanMs,
          postPhaseMs: round(postPhaseMs),
          clientWallMs: round(wallMs),
          watchRequests,
          postToInReviewMs: e2e,
          queueWaitMs: summarize(queueWait),
          draftingToInReviewMs: summarize(generation),
          httpPostMs: post,
          cpuSecondsByProcess: cpu,
          errors: errors.slice(0, 10),
        },
      };
    } finally {
      await runtime?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
