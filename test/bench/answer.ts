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
const ANSWER_TIMEOUT_MS = 30_000;
const TIME_LIMIT_MS = 240_000;

interface Asked {
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
  const result: Asked = { polls: 0, notModified: 0, pollLatencies: [] };
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
          { name: 'in_review → first readable poll p50', value: afterInReview.p50, unit: 'ms' },
          { name: 'in_review → first readable poll p99', value: afterInReview.p99, unit: 'ms' },
          { name: 'GET answer latency p50', value: pollLatency.p50, unit: 'ms' },
          { name: 'GET answer latency p99', value: pollLatency.p99, unit: 'ms' },
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
