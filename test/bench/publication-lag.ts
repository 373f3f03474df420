import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../infra/local/local-signing-key.ts';
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

const QUESTIONS = 40;
/** Reviewers approving at once. */
const REVIEWERS = 4;
/** How often a reader polls for the article; the measured lag is rounded up to it. */
const POLL_INTERVAL_MS = 20;
const STEP_TIMEOUT_MS = 30_000;
const TIME_LIMIT_MS = 240_000;

const getJson = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

const until = async <T>(what: string, check: () => Promise<T | undefined>): Promise<T> => {
  const deadline = performance.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${STEP_TIMEOUT_MS} ms`);
    await sleep(POLL_INTERVAL_MS);
  }
};

/** Asks a question and waits for its draft; undefined when the draft cannot be approved (unsupported). */
const askUntilReviewable = async (url: string, question: BenchQuestion): Promise<string | undefined> => {
  const posted = await postJson(`${url}/v1/questions`, question);
  if (posted.status !== 202) throw new Error(`POST /v1/questions answered ${posted.status}`);
  const { id } = posted.json as { id: string };
  const answer = await until(`the draft of ${id}`, async () => {
    const { json } = await getJson(`${url}/v1/questions/${id}/answer`);
    return json.status === 'no_answer_yet' && json.reason === 'drafting' ? undefined : json;
  });
  return answer.status === 'pending_review' ? id : undefined;
};

/** Approves the question's first revision; ms from the approval's 201 to the article answering 200. */
const approveAndRead = async (url: string, id: string, token: string): Promise<number> => {
  const decided = await fetch(`${url}/v1/review/questions/${id}/decisions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ revision: 1, decision: 'approve' }),
    signal: AbortSignal.timeout(10_000),
  });
  await decided.arrayBuffer();
  if (decided.status !== 201) throw new Error(`approving ${id} answered ${decided.status}`);
  const approvedAt = performance.now();
  const slug = await until(`the publication of ${id}`, async () => {
    const { json } = await getJson(`${url}/v1/questions/${id}`);
    return typeof json.articleSlug === 'string' ? json.articleSlug : undefined;
  });
  await until(`the article ${slug}`, async () =>
    (await getJson(`${url}/v1/articles/${slug}`)).status === 200 ? true : undefined,
  );
  return performance.now() - approvedAt;
};

export const publicationLag: Benchmark = {
  name: 'publication-lag',
  description: `${QUESTIONS} drafts approved by ${REVIEWERS} reviewers at once: approval (201) → article readable (200)`,
  async run(): Promise<BenchOutcome> {
    const dataDir = mkdtempSync(join(tmpdir(), 'vetted-bench-lag-'));
    let runtime: BenchRuntime | undefined;
    try {
      runtime = await startBenchRuntime({ consumers: true, dataDir });
      const { url } = runtime;
      const deadline = performance.now() + TIME_LIMIT_MS;
      const token = await signLocalToken(await loadOrCreateLocalSigningKey(dataDir), {
        userId: 'bench-reviewer',
        roles: ['reviewer'],
      });
      const asked = await runPool(
        benchQuestions(QUESTIONS, 9),
        REVIEWERS,
        (question) => askUntilReviewable(url, question),
        deadline,
      );
      const reviewable = asked.filter((id): id is string => id !== undefined);
      const lags = await runPool(reviewable, REVIEWERS, (id) => approveAndRead(url, id, token), deadline);
      const summary = summarize(lags);
      return {
        metrics: [
          { name: 'approval → article readable p50', value: summary.p50, unit: 'ms' },
          { name: 'approval → article readable p99', value: summary.p99, unit: 'ms' },
          { name: 'approval → article readable max', value: summary.max, unit: 'ms' },
          { name: 'publications', value: round(reviewable.length, 0), unit: '' },
        ],
        details: {
          questions: QUESTIONS,
          reviewers: REVIEWERS,
          pollIntervalMs: POLL_INTERVAL_MS,
          lagMs: summary,
        },
      };
    } finally {
      await runtime?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
