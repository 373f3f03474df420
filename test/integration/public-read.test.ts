import { beforeAll, describe, expect, it } from 'vitest';
import { CACHE_CONTROL } from '../../functions/public-read/handler.ts';
import { DynamoArticleRetractions } from '../../shared/adapters/dynamodb/article-retractions.ts';
import { encodeCursor } from '../../shared/adapters/dynamodb/cursor.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import type { Draft } from '../../shared/domain/draft.ts';
import { NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import type { Question } from '../../shared/domain/question.ts';
import { editRevision } from '../../shared/domain/review.ts';
import { retractArticle } from '../../shared/use-cases/retract-article.ts';
import { expectProblem } from '../support/problem.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

const runtime = useRuntime();
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
const get = async (path: string) => readJson(await api('GET', path));
const questions = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
const retractions = () =>
  new DynamoArticleRetractions(
    runtime().platform.dynamo,
    runtime().config.tables.articles,
    runtime().config.tables.outbox,
  );
const retractDeps = () => ({
  retractions: retractions(),
  questions: questions(),
  catalog: new DynamoLibraryCatalog(runtime().platform.dynamo, runtime().config.tables.sources),
  requiredApprovals: runtime().config.requiredApprovals,
});

// Digits only: a number makes questions unique without changing what retrieval finds.
const run = String(Date.now());
/** How soon a retracted article leaves other articles' links locally: one delivery of article.retracted. */
const RETRACTION_BOUND_MS = 5_000;

/** A reviewer approves the current revision through the review API; waits for the publication worker. */
const approveAndPublish = async (questionId: string, reviewer = 'dr-reader'): Promise<Question> => {
  const question = (await questions().get(questionId)) as Question;
  const decided = await api('POST', `/v1/review/questions/${questionId}/decisions`, {
    body: { revision: question.currentRevision, decision: 'approve' },
    headers: { authorization: `Bearer ${await tokenFor(runtime(), reviewer, ['reviewer'])}` },
  });
  expect(decided.status).toBe(201);
  return eventually(async () => {
    const current = await questions().get(questionId);
    return current?.status === 'published' && current.currentRevision === question.currentRevision
      ? current
      : undefined;
  });
};

const askAndPublish = async (question: string, extra: Record<string, unknown> = {}) => {
  const response = await api('POST', '/v1/questions', { body: { question, ...extra } });
  const { id } = await readJson(response);
  await eventually(async () => ((await questions().get(id))?.status === 'in_review' ? true : undefined));
  const published = await approveAndPublish(id);
  return { id, slug: published.articleSlug as string };
};

const reviseAndPublish = async (questionId: string, edit: (draft: Draft) => Draft) => {
  const store = questions();
  const question = (await store.get(questionId)) as Question;
  const base = await store.getRevision(questionId, question.currentRevision);
  if (!base) throw new Error('no revision');
  const at = new Date().toISOString();
  const edited = editRevision({ question, baseRevision: question.currentRevision, editor: 'ed-reader', at });
  await store.commit({
    before: question,
    after: edited.question,
    audit: edited.audit,
    revision: { revision: edited.revision, author: 'ed-reader', createdAt: at, draft: edit(base.draft) },
  });
  return approveAndPublish(questionId);
};

let statins: { id: string; slug: string };
let followUp: { id: string; slug: string };
let flu: { id: string; slug: string };
let metformin: { id: string; slug: string };

beforeAll(async () => {
  statins = await askAndPublish(`Do statins cause muscle aches and muscle pain ${run}?`);
  followUp = await askAndPublish(`Should I stop my statin if muscle aches start ${run}?`, {
    followUpOf: statins.slug,
  });
  flu = await askAndPublish(`Who should get the yearly flu vaccine ${run}?`);
  metformin = await askAndPublish(`Is metformin the first treatment for type 2 diabetes ${run}?`);
}, 90_000);

describe('GET /v1/articles/{slug}', () => {
  it('serves the article with a strong ETag and CDN-friendly caching, and 304 on a matching If-None-Match', async () => {
    const response = await api('GET', `/v1/articles/${statins.slug}`);
    expect(response.status).toBe(200);
    const etag = response.headers.get('etag') as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(response.headers.get('cache-control')).toBe(CACHE_CONTROL.article);
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+, stale-while-revalidate=\d+/);
    expect(response.headers.get('vary')).toBe('Origin');
    const article = await readJson(response);
    expect(article.slug).toBe(statins.slug);

    const again = await api('GET', `/v1/articles/${statins.slug}`);
    expect(again.headers.get('etag')).toBe(etag);
    const notModified = await api('GET', `/v1/articles/${statins.slug}`, {
      headers: { 'if-none-match': etag },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(await notModified.text()).toBe('');
    const stale = await api('GET', `/v1/articles/${statins.slug}`, {
      headers: { 'if-none-match': '"stale"' },
    });
    expect(stale.status).toBe(200);
  });

  it('serves the patient version for ?audience=patient, with its own ETag', async () => {
    const revision = await questions().getRevision(statins.id, 1);
    const draft = revision?.draft as Draft;
    const clinician = await api('GET', `/v1/articles/${statins.slug}`);
    const patient = await api('GET', `/v1/articles/${statins.slug}?audience=patient`);
    expect(patient.status).toBe(200);
    const body = await readJson(patient);
    expect(body).toMatchObject({
      audience: 'patient',
      bottomLine: draft.patient.bottomLine,
      sections: draft.patient.sections,
      title: draft.title,
    });
    expect(draft.patient.bottomLine).not.toBe(draft.bottomLine);
    expect(patient.headers.get('etag')).not.toBe(clinician.headers.get('etag'));
    // Each audience its own disclaimer: professional for clinicians, plain for patients.
    const { publication } = runtime().config;
    expect(body.disclaimer).toBe(publication.disclaimer);
    expect((await readJson(clinician)).disclaimer).toBe(publication.clinicianDisclaimer);
    expect(publication.clinicianDisclaimer).not.toBe(publication.disclaimer);
    await expectProblem(await api('GET', `/v1/articles/${statins.slug}?audience=children`), 400, 'audience');
  });

  it('lists the follow-up parent first among related articles, and the follow-up on the parent', async () => {
    const article = await get(`/v1/articles/${followUp.slug}`);
    expect(article.related[0]).toEqual({ slug: statins.slug, title: expect.any(String) });
    expect(article.related.map((r: { slug: string }) => r.slug)).not.toContain(followUp.slug);
    expect(article.followUps).toEqual([]);
    const parent = await eventually(async () => {
      const body = await get(`/v1/articles/${statins.slug}`);
      return body.followUps.length > 0 ? body : undefined;
    });
    expect(parent.followUps).toEqual([{ slug: followUp.slug, title: article.title }]);
  });

  it('answers 404 for unknown and malformed slugs on every article route', async () => {
    for (const slug of ['no-such-article', 'NOT_A_SLUG', 'x'.repeat(81)]) {
      for (const suffix of ['', '/versions', '/related']) {
        await expectProblem(await api('GET', `/v1/articles/${slug}${suffix}`), 404);
      }
    }
  });
});

describe('GET /v1/articles', () => {
  it('pages through every article, newest update first, with cursors ending in null', async () => {
    const seen: { slug: string; lastUpdated: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=1&cursor=${encodeURIComponent(cursor)}` : '?limit=1';
      const page = await get(`/v1/articles${query}`);
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 50);
    expect(cursor).toBeNull();
    const slugs = seen.map((item) => item.slug);
    expect(slugs).toEqual(expect.arrayContaining([statins.slug, followUp.slug, flu.slug, metformin.slug]));
    expect(new Set(slugs).size).toBe(slugs.length);
    const times = seen.map((item) => item.lastUpdated);
    expect(times).toEqual([...times].sort().reverse());
    expect(seen[0]).toEqual({
      slug: expect.any(String),
      id: expect.any(String),
      title: expect.any(String),
      question: expect.any(String),
      bottomLine: expect.any(String),
      version: expect.any(Number),
      publishedAt: expect.any(String),
      lastUpdated: expect.any(String),
    });

    const all = await get('/v1/articles?limit=100');
    expect(all.items.map((item: { slug: string }) => item.slug)).toEqual(slugs);
    expect(all.nextCursor).toBeNull();
  });

  it('filters by topic and by updatedSince', async () => {
    const statinTopic = await get('/v1/articles?topic=statins');
    expect(statinTopic.items.map((item: { slug: string }) => item.slug).sort()).toEqual(
      [statins.slug, followUp.slug].sort(),
    );
    const flu2 = await get(`/v1/articles?topic=${encodeURIComponent('flu vaccine')}`);
    expect(flu2.items.map((item: { slug: string }) => item.slug)).toEqual([flu.slug]);

    const metforminArticle = await get(`/v1/articles/${metformin.slug}`);
    const recent = await get(`/v1/articles?updatedSince=${encodeURIComponent(metforminArticle.lastUpdated)}`);
    expect(recent.items.map((item: { slug: string }) => item.slug)).toContain(metformin.slug);
    expect(recent.items.map((item: { slug: string }) => item.slug)).not.toContain(statins.slug);
    expect((await get('/v1/articles?updatedSince=2999-01-01T00:00:00Z')).items).toEqual([]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=1.5', 'limit'],
    ['updatedSince=yesterday', 'updatedSince'],
    ['updatedSince=2026-13-01T00:00:00Z', 'updatedSince'],
    ['topic=%20%20', 'topic'],
    ['topic=the', 'topic'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('answers 400 for %s', async (query, path) => {
    await expectProblem(await api('GET', `/v1/articles?${query}`), 400, path);
  });

  it('answers 400 for a tampered cursor and for a forged one from another listing', async () => {
    const { nextCursor } = await get('/v1/articles?limit=1');
    expect(nextCursor).toEqual(expect.any(String));
    const tampered = `${nextCursor.slice(0, 4)}${nextCursor[4] === 'A' ? 'B' : 'A'}${nextCursor.slice(5)}`;
    await expectProblem(
      await api('GET', `/v1/articles?cursor=${encodeURIComponent(tampered)}`),
      400,
      'cursor',
    );
    const forged = encodeCursor({
      pk: 'TERM#statin',
      sk: 'A#x',
      listKey: 'TERM#statin',
      listSort: '0.5#x',
    }) as string;
    await expectProblem(await api('GET', `/v1/articles?cursor=${encodeURIComponent(forged)}`), 400, 'cursor');
  });
});

describe('GET /v1/articles/{slug}/related', () => {
  it('returns the graph around the article: follow-up, similar and suggested nodes', async () => {
    const graph = await get(`/v1/articles/${followUp.slug}/related?depth=1`);
    const start = graph.nodes[0];
    expect(start).toEqual({
      id: followUp.id,
      slug: followUp.slug,
      title: expect.any(String),
      kind: 'article',
    });
    const byId = new Map(graph.nodes.map((node: { id: string }) => [node.id, node]));
    expect(byId.get(statins.id)).toEqual({
      id: statins.id,
      slug: statins.slug,
      title: expect.any(String),
      kind: 'article',
    });
    expect(graph.edges).toContainEqual({ from: followUp.id, to: statins.id, kind: 'follow_up', weight: 1 });
    const suggested = graph.nodes.filter((node: { kind: string }) => node.kind === 'suggested');
    expect(suggested.length).toBeGreaterThanOrEqual(1);
    for (const node of suggested) {
      expect(node.id).toMatch(/^suggested:[0-9a-f]{16}$/);
      expect(node).not.toHaveProperty('slug');
      expect(graph.edges).toContainEqual({ from: followUp.id, to: node.id, kind: 'suggested', weight: 1 });
    }
    for (const edge of graph.edges) {
      expect(byId.has(edge.from) && byId.has(edge.to)).toBe(true);
      expect(edge.weight).toBeGreaterThan(0);
      expect(edge.weight).toBeLessThanOrEqual(1);
    }
  });

  it('links similar articles both ways, shows follow-ups from the parent, and goes further with depth', async () => {
    const fromStatins = await eventually(async () => {
      const graph = await get(`/v1/articles/${statins.slug}/related?depth=1&limit=50`);
      return graph.edges.some((edge: { kind: string }) => edge.kind === 'similar') ? graph : undefined;
    });
    expect(fromStatins.edges).toContainEqual({
      from: statins.id,
      to: followUp.id,
      kind: 'similar',
      weight: expect.any(Number),
    });
    expect(fromStatins.edges).toContainEqual({
      from: followUp.id,
      to: statins.id,
      kind: 'follow_up',
      weight: 1,
    });
    const depth1 = await get(`/v1/articles/${followUp.slug}/related?depth=1&limit=50`);
    const depth2 = await get(`/v1/articles/${followUp.slug}/related?depth=2&limit=50`);
    const ids1 = depth1.nodes.map((node: { id: string }) => node.id);
    const ids2 = depth2.nodes.map((node: { id: string }) => node.id);
    expect(ids2).toEqual(expect.arrayContaining(ids1));
    // The statins article's own suggested questions are two hops from the follow-up.
    const statinsSuggested = fromStatins.nodes
      .filter((node: { kind: string }) => node.kind === 'suggested')
      .map((node: { id: string }) => node.id);
    expect(ids2).toEqual(expect.arrayContaining(statinsSuggested));
    // …as are the statins article's own article neighbours (suggestions are now on-topic, so often shared).
    const statinsNeighbours = fromStatins.nodes
      .filter((node: { kind: string }) => node.kind === 'article')
      .map((node: { id: string }) => node.id);
    expect(ids2).toEqual(expect.arrayContaining(statinsNeighbours));
    expect(ids2.length).toBeGreaterThanOrEqual(ids1.length);

    const limited = await get(`/v1/articles/${followUp.slug}/related?depth=3&limit=2`);
    expect(limited.nodes).toHaveLength(2);
  });

  it.each(['depth=0', 'depth=4', 'depth=two', 'limit=0', 'limit=51'])('answers 400 for %s', async (query) => {
    await expectProblem(
      await api('GET', `/v1/articles/${statins.slug}/related?${query}`),
      400,
      query.split('=')[0],
    );
  });
});

describe('GET /v1/search', () => {
  it('ranks the relevant article first', async () => {
    const statinSearch = await get(`/v1/search?q=${encodeURIComponent('statin muscle pain')}`);
    expect(statinSearch.nextCursor).toBeNull();
    expect([statins.slug, followUp.slug]).toContain(statinSearch.items[0].slug);
    expect(statinSearch.items[0]).toEqual({
      slug: expect.any(String),
      title: expect.any(String),
      bottomLine: expect.any(String),
      lastUpdated: expect.any(String),
      score: expect.any(Number),
    });
    const scores = statinSearch.items.map((item: { score: number }) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const diabetes = await get(`/v1/search?q=${encodeURIComponent('metformin for diabetes')}`);
    expect(diabetes.items[0].slug).toBe(metformin.slug);
    const vaccine = await get('/v1/search?q=influenza%20flu%20vaccine');
    expect(vaccine.items[0].slug).toBe(flu.slug);
  });

  it('finds nothing for words it does not know or only stop words, and stores queries nowhere', async () => {
    expect((await get('/v1/search?q=zzyzx')).items).toEqual([]);
    expect((await get('/v1/search?q=what%20is%20the')).items).toEqual([]);
    const injection = await api(
      'GET',
      `/v1/search?q=${encodeURIComponent('statin" OR attribute_exists(pk) #pk :v')}`,
    );
    expect(injection.status).toBe(200);
  });

  it.each([
    ['no q', ''],
    ['a blank q', '?q=%20%20%20'],
    ['a q over 200 characters', `?q=${'a'.repeat(201)}`],
    ['a bad limit', '?q=statin&limit=0'],
  ])('answers 400 for %s', async (_, query) => {
    await expectProblem(await api('GET', `/v1/search${query}`), 400);
  });
});

describe('retraction', () => {
  it('removes the article from every public read but keeps its version history', async () => {
    const doomed = await askAndPublish(`Do statins cause muscle aches and muscle pain in marathons ${run}?`, {
      followUpOf: statins.slug,
    });
    const before = await get('/v1/search?q=marathon');
    expect(before.items.map((item: { slug: string }) => item.slug)).toEqual([doomed.slug]);
    // (checked before the sibling below exists, which mentions marathons too)
    expect((await get('/v1/articles?limit=100')).items.map((item: { slug: string }) => item.slug)).toContain(
      doomed.slug,
    );
    const statinsGraph = await eventually(async () => {
      const graph = await get(`/v1/articles/${statins.slug}/related?depth=1&limit=50`);
      const followUpEdge = { from: doomed.id, to: statins.id, kind: 'follow_up', weight: 1 };
      return graph.edges.some((edge: object) => JSON.stringify(edge) === JSON.stringify(followUpEdge))
        ? graph
        : undefined;
    });
    expect(statinsGraph.nodes.map((node: { id: string }) => node.id)).toContain(doomed.id);
    // Published after it, so the doomed article is in its own links (not only the other way round).
    const sibling = await askAndPublish(
      `Are statin side effects like muscle aches worse after marathons ${run}?`,
    );
    const siblingGraph = await get(`/v1/articles/${sibling.slug}/related?depth=1&limit=50`);
    expect(siblingGraph.nodes.map((node: { id: string }) => node.id)).toContain(doomed.id);
    expect((await get(`/v1/articles/${sibling.slug}`)).related).toContainEqual({
      slug: doomed.slug,
      title: expect.any(String),
    });

    const at = new Date().toISOString();
    const result = await retractArticle(retractDeps(), {
      slug: doomed.slug,
      reason: '  Superseded by new guidance "#pk" :v  ',
      actor: 'admin-1',
      at,
    });
    expect(result).toEqual({
      slug: doomed.slug,
      questionId: doomed.id,
      version: 1,
      retractedAt: at,
      reason: 'Superseded by new guidance "#pk" :v',
    });

    await expectProblem(await api('GET', `/v1/articles/${doomed.slug}`), 404);
    await expectProblem(await api('GET', `/v1/articles/${doomed.slug}?audience=patient`), 404);
    await expectProblem(await api('GET', `/v1/articles/${doomed.slug}/related`), 404);
    expect((await get('/v1/search?q=marathon')).items.map((item: { slug: string }) => item.slug)).toEqual([
      sibling.slug,
    ]);
    const list = await get('/v1/articles?limit=100');
    expect(list.items.map((item: { slug: string }) => item.slug)).not.toContain(doomed.slug);
    // The stated bound: gone from every other article's links within RETRACTION_BOUND_MS.
    await eventually(async () => {
      for (const other of [statins, followUp, flu, metformin, sibling]) {
        const graph = await get(`/v1/articles/${other.slug}/related?depth=3&limit=50`);
        if (graph.nodes.some((node: { id: string }) => node.id === doomed.id)) return undefined;
        const article = await get(`/v1/articles/${other.slug}`);
        const linked = [...article.related, ...article.followUps].map((link: { slug: string }) => link.slug);
        if (linked.includes(doomed.slug)) return undefined;
      }
      return true;
    }, RETRACTION_BOUND_MS);

    const versions = await api('GET', `/v1/articles/${doomed.slug}/versions`);
    expect(versions.status).toBe(200);
    expect((await readJson(versions)).items).toEqual([
      {
        version: 1,
        publishedAt: expect.any(String),
        approvedBy: ['Medical reviewer'],
        lastReviewedAt: expect.any(String),
        nextReviewDue: expect.any(String),
        retractedAt: at,
        retractionReason: 'Superseded by new guidance "#pk" :v',
      },
    ]);
    expect(await questions().listAudit(doomed.id)).toContainEqual(
      expect.objectContaining({ action: 'article.retracted', actor: 'admin-1', revision: 1 }),
    );

    await expect(
      retractArticle(retractDeps(), { slug: doomed.slug, reason: 'again', actor: 'admin-1', at }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses unknown slugs and blank reasons', async () => {
    const at = new Date().toISOString();
    await expect(
      retractArticle(retractDeps(), { slug: 'never-published', reason: 'x', actor: 'a', at }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      retractArticle(retractDeps(), { slug: metformin.slug, reason: '   ', actor: 'a', at }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await api('GET', `/v1/articles/${metformin.slug}`)).status).toBe(200);
  });

  it('republishes a retracted article as the next version when a new revision is approved', async () => {
    const comeback = await askAndPublish(`How long does acute low back pain usually last ${run}?`);
    await retractArticle(retractDeps(), {
      slug: comeback.slug,
      reason: 'Under correction',
      actor: 'admin-1',
      at: new Date().toISOString(),
    });
    await expectProblem(await api('GET', `/v1/articles/${comeback.slug}`), 404);

    const republished = await reviseAndPublish(comeback.id, (draft) => ({
      ...draft,
      bottomLine: `${draft.bottomLine} Corrected.`,
    }));
    expect(republished.articleSlug).toBe(comeback.slug);
    const article = await get(`/v1/articles/${comeback.slug}`);
    expect(article).toMatchObject({ version: 2, bottomLine: expect.stringMatching(/Corrected\.$/) });
    const history = (await get(`/v1/articles/${comeback.slug}/versions`)).items;
    expect(history).toEqual([
      expect.objectContaining({ version: 1, retractionReason: 'Under correction' }),
      {
        version: 2,
        publishedAt: article.lastUpdated,
        approvedBy: ['Medical reviewer'],
        lastReviewedAt: article.review.lastReviewedAt,
        nextReviewDue: article.review.nextReviewDue,
      },
    ]);
    expect(article.publishedAt).toBe(history[0].publishedAt);
    const search = await get(`/v1/search?q=${encodeURIComponent('low back pain')}`);
    expect(search.items.map((item: { slug: string }) => item.slug)).toContain(comeback.slug);
  });
});
