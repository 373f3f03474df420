import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMILAR_TOP_K } from '../../shared/domain/article-links.ts';
import { askAndPublish } from '../support/publishing.ts';
import { queuesDrained } from '../support/queues.ts';
import { readJson, request, useRuntime } from '../support/runtime.ts';

/**
 * The public routes' DynamoDB requests, counted on the real local runtime
 * through the document client's middleware stack (every command the
 * public-read function sends passes its `initialize` step), against the
 * bounds: an article 1, related depth + 1, search terms + 1.
 */
const runtime = useRuntime();
const get = async (path: string) => {
  const response = await request(runtime().url, 'GET', path);
  expect(response.status, path).toBe(200);
  return readJson(response);
};

const sent: string[] = [];
const MIDDLEWARE = 'countPublicReadRequests';

/** The DynamoDB commands one request made (the workers are idle, so all of them are the route's). */
const requestsOf = async (path: string) => {
  sent.length = 0;
  const body = await get(path);
  return { body, commands: [...sent] };
};

// Digits only: a random word of letters can read as a clinical term the library lacks, and refuse the question.
const run = String(Date.now());
const slugs: string[] = [];
let parent: { id: string; slug: string };
let child: { id: string; slug: string };

beforeAll(async () => {
  parent = await askAndPublish(runtime(), `Do statins cause muscle aches and pain ${run}?`);
  child = await askAndPublish(runtime(), `Should I stop my statin when muscle aches start ${run}?`, {
    followUpOf: parent.slug,
  });
  slugs.push(parent.slug, child.slug);
  for (const question of [
    `Are statin side effects such as muscle pain common ${run}?`,
    `Who should take a statin to prevent a heart attack ${run}?`,
    `How much do statins lower the risk of stroke ${run}?`,
    `Is metformin the first medicine for type 2 diabetes ${run}?`,
    `What HbA1c target suits type 2 diabetes ${run}?`,
    `Who should get the yearly flu vaccine ${run}?`,
  ]) {
    slugs.push((await askAndPublish(runtime(), question)).slug);
  }
  await queuesDrained(runtime(), ['publication', 'articleChanges']);
  runtime().platform.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName as string);
      return next(args);
    },
    { step: 'initialize', name: MIDDLEWARE },
  );
}, 180_000);

afterAll(() => {
  runtime().platform.dynamo.middlewareStack.remove(MIDDLEWARE);
});

describe('DynamoDB requests per public read', () => {
  it('reads an article, in either audience, with one GetItem', async () => {
    for (const slug of slugs) {
      for (const query of ['', '?audience=patient']) {
        const { body, commands } = await requestsOf(`/v1/articles/${slug}${query}`);
        expect(body.slug).toBe(slug);
        expect(commands, `${slug}${query}`).toEqual(['GetItemCommand']);
      }
    }
  });

  it('walks the graph with at most depth + 1 requests', async () => {
    for (const depth of [1, 2, 3]) {
      for (const slug of slugs) {
        const { body, commands } = await requestsOf(`/v1/articles/${slug}/related?depth=${depth}&limit=50`);
        expect(body.nodes[0].slug).toBe(slug);
        expect(commands.length, `${slug} depth ${depth}: ${commands.join(', ')}`).toBeLessThanOrEqual(
          depth + 1,
        );
        expect(commands.every((name) => name === 'GetItemCommand' || name === 'BatchGetItemCommand')).toBe(
          true,
        );
      }
    }
    // Not trivially: depth 3 around the statins cluster reaches articles two hops away.
    const wide = await get(`/v1/articles/${child.slug}/related?depth=3&limit=50`);
    expect(wide.nodes.filter((node: { kind: string }) => node.kind === 'article').length).toBeGreaterThan(2);
  });

  it('searches with at most one request per term, plus one', async () => {
    for (const q of [
      'statin muscle pain',
      'statin muscle pain stroke',
      'diabetes',
      'flu vaccine who yearly',
    ]) {
      const { body, commands } = await requestsOf(`/v1/search?q=${encodeURIComponent(q)}`);
      expect(body.items.length).toBeGreaterThan(0);
      expect(commands.length, q).toBeLessThanOrEqual(q.split(' ').length + 1);
    }
  });

  it('lists a page with one query and the history with one', async () => {
    expect((await requestsOf('/v1/articles?limit=5')).commands).toEqual(['QueryCommand']);
    expect((await requestsOf(`/v1/articles/${parent.slug}/versions`)).commands).toEqual(['QueryCommand']);
  });
});

describe('the graph', () => {
  it('shows a follow-up from its parent: followUps in the article, a follow_up edge in the graph', async () => {
    const article = await get(`/v1/articles/${parent.slug}`);
    expect(article.followUps).toEqual([{ slug: child.slug, title: expect.any(String) }]);
    const graph = await get(`/v1/articles/${parent.slug}/related?kinds=follow_up`);
    expect(graph.nodes.map((node: { id: string }) => node.id)).toEqual([parent.id, child.id]);
    expect(graph.edges).toEqual([{ from: child.id, to: parent.id, kind: 'follow_up', weight: 1 }]);
  });

  it('counts published articles first against limit, then suggested questions', async () => {
    const all = await get(`/v1/articles/${parent.slug}/related?depth=1&limit=50`);
    const articles = all.nodes.filter((node: { kind: string }) => node.kind === 'article');
    const suggested = all.nodes.filter((node: { kind: string }) => node.kind === 'suggested');
    expect(articles.length).toBeGreaterThanOrEqual(3);
    expect(suggested.length).toBeGreaterThan(0);
    const limited = await get(`/v1/articles/${parent.slug}/related?depth=1&limit=3`);
    expect(limited.nodes.map((node: { kind: string }) => node.kind)).toEqual([
      'article',
      'article',
      'article',
    ]);
    const roomy = await get(`/v1/articles/${parent.slug}/related?depth=1&limit=${articles.length + 1}`);
    expect(roomy.nodes.map((node: { kind: string }) => node.kind)).toEqual([
      ...articles.map(() => 'article'),
      'suggested',
    ]);
  });

  it('filters by kinds and refuses unknown kinds', async () => {
    const similar = await get(`/v1/articles/${parent.slug}/related?depth=2&kinds=similar`);
    expect(similar.edges.length).toBeGreaterThan(0);
    expect(similar.edges.every((edge: { kind: string }) => edge.kind === 'similar')).toBe(true);
    const suggested = await get(`/v1/articles/${parent.slug}/related?kinds=suggested`);
    expect(suggested.nodes.slice(1).every((node: { kind: string }) => node.kind === 'suggested')).toBe(true);
    const bad = await request(
      runtime().url,
      'GET',
      `/v1/articles/${parent.slug}/related?kinds=similar,cousins`,
    );
    expect(bad.status).toBe(400);
  });

  it('keeps similar links symmetric and capped, and the unrelated topics apart', async () => {
    const linksOf = new Map<string, string[]>();
    for (const slug of slugs) {
      const graph = await get(`/v1/articles/${slug}/related?depth=1&limit=50&kinds=similar`);
      linksOf.set(
        slug,
        graph.nodes.slice(1).map((node: { slug: string }) => node.slug),
      );
    }
    for (const [slug, links] of linksOf) {
      expect(links.length).toBeLessThanOrEqual(SIMILAR_TOP_K);
      for (const other of links) expect(linksOf.get(other), `${other} lists ${slug}`).toContain(slug);
    }
    // The flu article shares no topic with the others: nothing is padded in.
    expect(linksOf.get(slugs.at(-1) as string)).toEqual([]);
  });

  it('sends caching headers a CDN can use on every public read', async () => {
    for (const path of [
      `/v1/articles/${parent.slug}`,
      `/v1/articles/${parent.slug}/related`,
      '/v1/articles',
      '/v1/search?q=statin',
    ]) {
      const response = await request(runtime().url, 'GET', path);
      expect(response.headers.get('cache-control'), path).toMatch(
        /^public, max-age=\d+, stale-while-revalidate=\d+$/,
      );
      expect(response.headers.get('vary'), path).toBe('Origin');
    }
  });
});
