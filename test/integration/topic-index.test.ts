import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoArticlePublications } from '../../shared/adapters/dynamodb/article-publications.ts';
import { MAX_TOPIC_QUERIES } from '../../shared/adapters/dynamodb/topic-index.ts';
import { askAndPublish } from '../support/publishing.ts';
import { queuesDrained } from '../support/queues.ts';
import { readJson, request, useRuntime } from '../support/runtime.ts';

/**
 * The list's topic filter on a large corpus, its DynamoDB requests counted on the real local
 * runtime (the public-read function's document client, `initialize` step): a page costs the same
 * whether the topic matches everything, nothing, or only one word of two. Before the topic index a
 * topic that matched nothing paged through every live article (81 Queries on 2,000, issue 24).
 */
const CORPUS = 1_000;
const runtime = useRuntime();
const sent: string[] = [];
const MIDDLEWARE = 'countTopicRequests';

const page = async (query: string) => {
  sent.length = 0;
  const response = await request(runtime().url, 'GET', `/v1/articles?${query}`);
  expect(response.status, query).toBe(200);
  const body = await readJson(response);
  return { body, commands: [...sent] };
};

// Digits only: a random word of letters can read as a clinical term the library lacks, and refuse the question.
const run = String(Date.now());
let statins: { slug: string };
let flu: { slug: string };

beforeAll(async () => {
  // Plain questions (the runtime is this file's own): a random suffix could read as a missing term.
  statins = await askAndPublish(runtime(), 'Do statins cause muscle aches and pain?');
  flu = await askAndPublish(runtime(), 'Who should get the yearly flu vaccine?');
  await queuesDrained(runtime(), ['publication', 'articleChanges']);
  // The corpus: copies of the statin article written through the real publication path (postings,
  // topic entries and all), older than the two asked above. No similarity terms, so the copies do
  // not contend on the shared document-frequency counters.
  const writer = new DynamoArticlePublications(runtime().platform.dynamo, runtime().config.tables.articles);
  const template = await writer.getLive(statins.slug);
  if (!template) throw new Error('the statin article is not live');
  const [version] = await writer.listVersions(statins.slug);
  const copies = Array.from({ length: CORPUS }, (_, i) => i);
  const publishCopy = async (i: number) => {
    const slug = `statin-copy-${run}-${i}`;
    const id = randomUUID();
    const at = new Date(Date.parse(template.lastUpdated) - (i + 1) * 60_000).toISOString();
    if (!(await writer.claimSlug(slug, id))) throw new Error(`slug ${slug} taken`);
    const outcome = await writer.publish({
      article: { ...template, slug, id, lastUpdated: at, publishedAt: at, similarity: [] },
      version: { ...(version as NonNullable<typeof version>), questionId: id, publishedAt: at },
    });
    if (outcome !== 'written') throw new Error(`copy ${i}: ${outcome}`);
  };
  for (let next = 0; next < copies.length; next += 8) {
    await Promise.all(copies.slice(next, next + 8).map(publishCopy));
  }
  runtime().platform.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName as string);
      return next(args);
    },
    { step: 'initialize', name: MIDDLEWARE },
  );
}, 600_000);

afterAll(() => {
  runtime().platform.dynamo.middlewareStack.remove(MIDDLEWARE);
});

describe(`the topic filter over ${CORPUS} live articles`, () => {
  it('answers a topic that matches nothing with one Query', async () => {
    const { body, commands } = await page('limit=1&topic=zzzqqq');
    expect(body).toEqual({ items: [], nextCursor: null });
    expect(commands).toEqual(['QueryCommand']);
  });

  it('serves a page of a topic every article has with one Query, newest first', async () => {
    const { body, commands } = await page('limit=5&topic=statins');
    expect(commands).toEqual(['QueryCommand']);
    expect(body.items).toHaveLength(5);
    expect(body.items[0].slug).toBe(statins.slug);
    expect(body.items.slice(1).map((item: { slug: string }) => item.slug)).toEqual(
      [0, 1, 2, 3].map((i) => `statin-copy-${run}-${i}`),
    );
    expect(body.nextCursor).toEqual(expect.any(String));
    const next = await page(`limit=5&topic=statins&cursor=${encodeURIComponent(body.nextCursor)}`);
    expect(next.commands).toEqual(['QueryCommand']);
    expect(next.body.items.map((item: { slug: string }) => item.slug)).toEqual(
      [4, 5, 6, 7, 8].map((i) => `statin-copy-${run}-${i}`),
    );
  });

  it(`bounds a topic whose first word matches everything and the second nothing: at most ${MAX_TOPIC_QUERIES} Queries a page`, async () => {
    const { body, commands } = await page(`limit=1&topic=${encodeURIComponent('statins zzzqqq')}`);
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.length).toBeLessThanOrEqual(MAX_TOPIC_QUERIES);
    expect(commands.every((command) => command === 'QueryCommand')).toBe(true);
    expect(body.items).toEqual([]);
    // Not read to the end: the cursor goes on, each page as bounded.
    expect(body.nextCursor).toEqual(expect.any(String));
    const next = await page(
      `limit=1&topic=${encodeURIComponent('statins zzzqqq')}&cursor=${encodeURIComponent(body.nextCursor)}`,
    );
    expect(next.commands.length).toBeLessThanOrEqual(MAX_TOPIC_QUERIES);
  });

  it('finds an article by every word of a topic, and refuses a cursor of another topic', async () => {
    const { body, commands } = await page(`limit=5&topic=${encodeURIComponent('flu vaccine')}`);
    expect(body).toEqual({ items: [expect.objectContaining({ slug: flu.slug })], nextCursor: null });
    expect(commands).toEqual(['QueryCommand']);
    const statinPage = await page('limit=1&topic=statins');
    const foreign = await request(
      runtime().url,
      'GET',
      `/v1/articles?limit=1&topic=flu&cursor=${encodeURIComponent(statinPage.body.nextCursor)}`,
    );
    expect(foreign.status).toBe(400);
  });
});
