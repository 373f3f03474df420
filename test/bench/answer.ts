import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  type Benchmark,
  type BenchOutcome,
  type BenchRuntime,
  postJson,
  round,
  runPool,
  sleep,
  startBenchRuntime,
  summarize,
} from './lib.ts';
import { type BenchQuestion, benchQuestions } from './questions.ts';

const QUESTIONS = 100;
const WARM_UP = 5;
/** Askers at once: each asks, then polls its answer until it can read it, then asks the next. */
const ASKERS = 10;
/** How often an asker polls (with If-None-Match); the measured time is rounded up to it. */
const POLL_INTERVAL_MS = 100;
const ANSWER_TIMEOUT_MS = 60_000;
/** Reads per route in the read-cost comparison: the answer against the status view of the same questions. */
const COMPARE_READS = 200;
const COMPARE_CONCURRENCY = 4;
const TIME_LIMIT_MS = 240_000;

interface Asked {
  id: string;
  /** Epoch ms when the POST was sent. */
  sentAt: number;
  /** Client time (epoch ms) from sending the POST to receiving the first readable answer. */
  readableMs?: number;
  /** The answer said there will be no draft to read (no_answer_yet for a reason other than drafting). */
  unreadable?: string;
  /** Epoch ms when the first readable answer arrived, to compare with the server's in_review time. */
  readableAt?: number;
  inReviewAt?: number;
  polls: number;
  notModified: number;
  pollLatencies: number[];
}

/** Asks one question and polls its answer as a client would, until the draft is readable. */
const askAndPoll = async (url: string, question: BenchQuestion): Promise<Asked> => {
  const sentAt = Date.now();
  const posted = await postJson(`${url}/v1/questions`, question);
  if (posted.status !== 202)
    throw new Error(`POST /v1/questions answered ${posted.status}: ${JSON.stringify(posted.json)}`);
  const { id, answerUrl } = posted.json as { id: string; answerUrl: string };
  const result: Asked = { id, sentAt, polls: 0, notModified: 0, pollLatencies: [] };
  let etag: string | undefined;
  const deadline = performance.now() + ANSWER_TIMEOUT_MS;
  for (;;) {
    if (performance.now() > deadline) throw new Error(`The answer of ${id} was not readable in time`);
    const started = performance.now();
    const response = await fetch(`${url}${answerUrl}`, {
      headers: etag ? { 'if-none-match': etag } : {},
      signal: AbortSignal.timeout(10_000),
    });
    const body =
      response.status === 200 ? ((await response.json()) as { status: string; reason?: string }) : undefined;
    if (response.status === 304) await response.arrayBuffer();
    result.pollLatencies.push(performance.now() - started);
    result.polls++;
    if (response.status === 304) result.notModified++;
    else if (response.status !== 200) throw new Error(`GET ${answerUrl} answered ${response.status}`);
    etag = response.headers.get('etag') ?? etag;
    if (body?.status === 'pending_review') {
      result.readableAt = Date.now();
      result.readableMs = result.readableAt - sentAt;
      break;
    }
    if (body && body.status !== 'no_answer_yet') throw new Error(`Unexpected answer status ${body.status}`);
    if (body?.reason && body.reason !== 'drafting') {
      result.unreadable = body.reason;
      break;
    }
    await sleep(POLL_INTERVAL_MS);
  }
  const status = (await (await fetch(`${url}/v1/questions/${id}`)).json()) as {
    timeline: { status: string; at: string }[];
  };
  const inReview = status.timeline.find((entry) => entry.status === 'in_review');
  if (inReview) result.inReviewAt = Date.parse(inReview.at);
  return result;
};

/** Client latency of a GET, body read. */
const timedGet = async (url: string): Promise<number> => {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return performance.now() - started;
};

/**
 * The answer's read cost against the status view's (one GetItem) on the same questions, interleaved so
 * both see the same load: the answer adds the revision's Query (the source ids come from the cache).
 */
const compareReads = async (url: string, ids: readonly string[], deadline: number) => {
  const picks = Array.from({ length: COMPARE_READS }, (_, index) => ids[index % ids.length] as string);
  const status: number[] = [];
  const answer: number[] = [];
  await runPool(
    picks,
    COMPARE_CONCURRENCY,
    async (id, index) => {
      // Alternate which goes first, so neither always warms the other's cache lines.
      const first = index % 2 === 0;
      if (first) status.push(await timedGet(`${url}/v1/questions/${id}`));
      answer.push(await timedGet(`${url}/v1/questions/${id}/answer`));
      if (!first) status.push(await timedGet(`${url}/v1/questions/${id}`));
    },
    deadline,
  );
  return { status: summarize(status), answer: summarize(answer) };
};

export const answer: Benchmark = {
  name: 'answer',
  description: `${QUESTIONS} questions, ${ASKERS} askers each polling its answer every ${POLL_INTERVAL_MS} ms: POST → readable draft`,
  async run(): Promise<BenchOutcome> {
    const dataDir = mkdtempSync(join(tmpdir(), 'vetted-bench-answer-'));
    let runtime: BenchRuntime | undefined;
    try {
      runtime = await startBenchRuntime({ consumers: true, dataDir });
      const { url } = runtime;
      const deadline = performance.now() + TIME_LIMIT_MS;
      await runPool(benchQuestions(WARM_UP, 5), ASKERS, (question) => askAndPoll(url, question), deadline);

      const startedAt = performance.now();
      const asked = await runPool(
        benchQuestions(QUESTIONS, 6),
        ASKERS,
        (question) => askAndPoll(url, question),
        deadline,
      );
      const wallMs = performance.now() - startedAt;
      const readable = asked.filter((item) => item.readableMs !== undefined);
      const readableMs = summarize(readable.map((item) => item.readableMs as number));
      // How long after the draft was written the asker first read it: the poll interval and one GET.
      const afterInReview = summarize(
        readable
          .filter((item) => item.inReviewAt !== undefined)
          .map((item) => (item.readableAt as number) - (item.inReviewAt as number)),
      );
      // The same questions' POST → in_review from the server's timeline: what the answer adds is the rest.
      const postToInReview = summarize(
        readable
          .filter((item) => item.inReviewAt !== undefined)
          .map((item) => (item.inReviewAt as number) - item.sentAt),
      );
      const reads = await compareReads(
        url,
        readable.map((item) => item.id),
        deadline,
      );
      const polls = asked.reduce((sum, item) => sum + item.polls, 0);
      const notModified = asked.reduce((sum, item) => sum + item.notModified, 0);
      const pollLatency = summarize(asked.flatMap((item) => item.pollLatencies));
      const unreadable = asked.filter((item) => item.unreadable !== undefined);
      const errors = runtime.log().filter((line) => line.startsWith('error:'));

      return {
        metrics: [
          { name: 'POST → readable answer p50', value: readableMs.p50, unit: 'ms' },
          { name: 'POST → readable answer p95', value: readableMs.p95, unit: 'ms' },
          { name: 'POST → readable answer p99', value: readableMs.p99, unit: 'ms' },
          { name: 'POST → readable answer max', value: readableMs.max, unit: 'ms' },
          { name: 'POST → in_review p50 (same questions)', value: postToInReview.p50, unit: 'ms' },
          { name: 'POST → in_review p99 (same questions)', value: postToInReview.p99, unit: 'ms' },
          { name: 'in_review → first readable poll p50', value: afterInReview.p50, unit: 'ms' },
          { name: 'in_review → first readable poll p99', value: afterInReview.p99, unit: 'ms' },
          { name: 'GET answer latency p50', value: pollLatency.p50, unit: 'ms' },
          { name: 'GET answer latency p99', value: pollLatency.p99, unit: 'ms' },
          { name: 'GET answer p50, settled (vs status view)', value: reads.answer.p50, unit: 'ms' },
          { name: 'GET status view p50, settled', value: reads.status.p50, unit: 'ms' },
          {
            name: 'GET answer / GET status view, p50',
            value: round(reads.answer.p50 / reads.status.p50, 2),
            unit: 'x',
          },
          { name: 'polls per question', value: round(polls / QUESTIONS, 1), unit: 'count' },
          {
            name: 'polls answered 304',
            value: round((100 * notModified) / Math.max(1, polls), 1),
            unit: '%',
          },
          { name: 'questions with no readable draft', value: unreadable.length, unit: 'count' },
          { name: 'runtime errors logged', value: errors.length, unit: 'count' },
        ],
        details: {
          questions: QUESTIONS,
          warmUp: WARM_UP,
          askers: ASKERS,
          pollIntervalMs: POLL_INTERVAL_MS,
          clientWallMs: round(wallMs),
          postToReadableMs: readableMs,
          inReviewToReadableMs: afterInReview,
          postToInReviewMs: postToInReview,
          settledReadsMs: reads,
          getAnswerMs: pollLatency,
          polls,
          notModified,
          unreadableReasons: unreadable.map((item) => item.unreadable),
          errors: errors.slice(0, 10),
        },
      };
    } finally {
      await runtime?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
