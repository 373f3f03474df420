import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../infra/local/local-signing-key.ts';
import type { Runtime } from '../../infra/local/runtime.ts';
import { liveArticleKey } from '../../shared/adapters/dynamodb/article-items.ts';
import { DynamoCitationIndex } from '../../shared/adapters/dynamodb/citation-index.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { withInProcessRuntime } from './in-process-runtime.ts';
import { type Benchmark, type BenchOutcome, round, runPool, sleep, summarize } from './lib.ts';

/**
 * How long from a source's withdrawal (the 202) until every live article
 * citing it shows the `source_withdrawn` notice, with 1 and with 200 citing
 * articles. Each size gets a real article published through the pipeline
 * (ask, draft, approve, publish), then, for 200, 199 copies of it under new
 * slugs and questions, written as the publisher writes them (live item,
 * published question, citation index entries), so the fan-out, its paging
 * and the re-reviews it opens run for real. Readers poll every article.
 */
const SIZES = [1, 200];
const POLL_INTERVAL_MS = 25;
const READERS = 16;
const TIMEOUT_MS = 120_000;
const QUESTIONS: Record<number, string> = {
  1: 'Who should get the yearly flu vaccine?',
  200: 'How should I measure my blood pressure at home?',
};

const until = async <T>(what: string, check: () => Promise<T | undefined>): Promise<T> => {
  const deadline = performance.now() + TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${TIMEOUT_MS} ms`);
    await sleep(POLL_INTERVAL_MS);
  }
};

const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

/** Publishes one article through the HTTP API and the workers; its question id and slug. */
const publishOne = async (url: string, question: string, reviewer: string) => {
  const { id } = (await json(
    await fetch(`${url}/v1/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    }),
  )) as { id: string };
  await until(`the draft of ${id}`, async () =>
    (await json(await fetch(`${url}/v1/questions/${id}`))).status === 'in_review' ? true : undefined,
  );
  const decided = await fetch(`${url}/v1/review/questions/${id}/decisions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${reviewer}` },
    body: JSON.stringify({ revision: 1, decision: 'approve' }),
  });
  if (decided.status !== 201) throw new Error(`approving ${id} answered ${decided.status}`);
  const slug = await until(`the publication of ${id}`, async () => {
    const status = await json(await fetch(`${url}/v1/questions/${id}`));
    return status.status === 'published' ? (status.articleSlug as string) : undefined;
  });
  return { id, slug };
};

/** `count - 1` copies of a live article citing the same sources, each with a published question of its own. */
const copyArticle = async (runtime: Runtime, template: { id: string; slug: string }, count: number) => {
  const { dynamo } = runtime.platform;
  const { tables } = runtime.config;
  const store = new DynamoQuestionStore(dynamo, tables.questions);
  const citations = new DynamoCitationIndex(dynamo, tables.articles);
  const { Item: live } = await dynamo.send(
    new GetCommand({ TableName: tables.articles, Key: liveArticleKey(template.slug), ConsistentRead: true }),
  );
  const question = await store.get(template.id);
  if (!live || !question) throw new Error('The template article is not live');
  const { listKey: _l, listSort: _s, reviewDueKey: _k, reviewDueSort: _d, ...item } = live;
  const sourceIds = (live.sourceIds as string[] | undefined) ?? [];
  const copies = Array.from({ length: count - 1 }, (_, index) => ({
    id: randomUUID(),
    slug: `${template.slug}-copy-${index + 1}`,
  }));
  await runPool(copies, 8, async ({ id, slug }) => {
    const at = new Date().toISOString();
    await store.create({
      question: { ...question, id, articleSlug: slug, question: `${question.question} (${slug})` },
      normalizedQuestion: `bench copy ${slug}`,
      audit: { at, actor: 'bench', action: 'bench.copied', to: 'published' },
    });
    await dynamo.send(
      new PutCommand({ TableName: tables.articles, Item: { ...item, ...liveArticleKey(slug), slug, id } }),
    );
    await citations.record({ slug, questionId: id }, sourceIds);
  });
  return { slugs: [template.slug, ...copies.map(({ slug }) => slug)], sourceId: sourceIds[0] as string };
};

/** ms from the withdrawal's 202 until each article shows the notice. */
const withdrawAndWatch = async (url: string, admin: string, sourceId: string, slugs: string[]) => {
  const seen = new Map<string, number>();
  const response = await fetch(`${url}/v1/admin/sources/${encodeURIComponent(sourceId)}/withdrawal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ reason: 'Withdrawn by the benchmark' }),
  });
  const accepted = performance.now();
  if (response.status !== 202) throw new Error(`the withdrawal answered ${response.status}`);
  await until('a notice on every citing article', async () => {
    const pending = slugs.filter((slug) => !seen.has(slug));
    await runPool(pending, READERS, async (slug) => {
      const article = await json(await fetch(`${url}/v1/articles/${slug}`));
      const notices = (article.notices as { kind: string }[] | undefined) ?? [];
      if (notices.some((notice) => notice.kind === 'source_withdrawn'))
        seen.set(slug, performance.now() - accepted);
    });
    return seen.size === slugs.length ? true : undefined;
  });
  return [...seen.values()];
};

export const withdrawal: Benchmark = {
  name: 'withdrawal',
  description: `Source withdrawal (202) → source_withdrawn notice on every citing article, with ${SIZES.join(' and ')} citing articles`,
  run: (): Promise<BenchOutcome> =>
    withInProcessRuntime('withdrawal', async (runtime, dataDir) => {
      const { url } = runtime;
      const key = await loadOrCreateLocalSigningKey(dataDir);
      const reviewer = await signLocalToken(key, { userId: 'bench-reviewer', roles: ['reviewer'] });
      const admin = await signLocalToken(key, { userId: 'bench-admin', roles: ['admin'] });
      const metrics: BenchOutcome['metrics'] = [];
      const details: Record<string, unknown> = { pollIntervalMs: POLL_INTERVAL_MS };
      for (const size of SIZES) {
        const template = await publishOne(url, QUESTIONS[size] as string, reviewer);
        const { slugs, sourceId } = await copyArticle(runtime, template, size);
        const times = await withdrawAndWatch(url, admin, sourceId, slugs);
        const summary = summarize(times);
        metrics.push(
          { name: `${size} citing: 202 → notice on all`, value: summary.max, unit: 'ms' },
          { name: `${size} citing: 202 → notice p50`, value: summary.p50, unit: 'ms' },
        );
        details[`citing${size}`] = { sourceId, articles: round(slugs.length, 0), ms: summary };
      }
      return { metrics, details };
    }),
};
