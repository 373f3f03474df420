import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { busEventOf } from '../../events/envelope.ts';
import { CACHE_CONTROL } from '../../functions/public-read/handler.ts';
import { encodeCursor } from '../../shared/adapters/dynamodb/cursor.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { reviewDecidedEvent } from '../../shared/use-cases/review.ts';
import { expectProblem } from '../support/problem.ts';
import { askAndPublish } from '../support/publishing.ts';
import { queuesDrained } from '../support/queues.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * "What changed" on the local runtime: a revision approved with a change summary shows it in the
 * version history, and the public updates feed lists publications, revisions and retractions newest
 * first with their summaries, a page one DynamoDB Query.
 */
const runtime = useRuntime();
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
const questions = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
const as = async (user: string, roles: Parameters<typeof tokenFor>[2]) => ({
  authorization: `Bearer ${await tokenFor(runtime(), user, roles)}`,
});

/** An editor's revision of a published article (its current draft, retitled), approved by a reviewer. */
const revise = async (
  article: { id: string; slug: string },
  summaries: { editor?: string; reviewer?: string },
): Promise<void> => {
  const question = await questions().get(article.id);
  const base = question?.currentRevision ?? 0;
  const current = await questions().getRevision(article.id, base);
  const { generator: _generator, ...draft } = current?.draft ?? ({} as never);
  const edited = await api('PUT', `/v1/review/questions/${article.id}/draft`, {
    body: {
      baseRevision: base,
      draft: { ...draft, title: `${draft.title} (revised)` },
      ...(summaries.editor !== undefined ? { changeSummary: summaries.editor } : {}),
    },
    headers: await as('eddie', ['editor']),
  });
  expect(edited.status).toBe(201);
  const approved = await api('POST', `/v1/review/questions/${article.id}/decisions`, {
    body: {
      revision: base + 1,
      decision: 'approve',
      ...(summaries.reviewer !== undefined ? { changeSummary: summaries.reviewer } : {}),
    },
    headers: await as('dr-feed', ['reviewer']),
  });
  expect(approved.status).toBe(201);
  await eventually(async () => {
    const now = await questions().get(article.id);
    return now?.status === 'published' && now.currentRevision === base + 1 ? now : undefined;
  });
};

interface Update {
  kind: string;
  slug: string;
  title: string;
  version: number;
  at: string;
  changeSummary?: string;
}

/** DynamoDB commands sent by the runtime's functions (idle workers: all of them are the route's). */
const sent: string[] = [];
const feedPage = async (query: string): Promise<{ items: Update[]; nextCursor: string | null }> => {
  sent.length = 0;
  const response = await api('GET', `/v1/updates${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe(CACHE_CONTROL.list);
  const body = await readJson(response);
  expect(sent).toEqual(['QueryCommand']);
  return body;
};

// Digits only: a random word of letters can read as a clinical term the library lacks, and refuse the question.
const run = String(Date.now());
let first: { id: string; slug: string };
let second: { id: string; slug: string };

beforeAll(async () => {
  first = await askAndPublish(runtime(), `How should I measure my blood pressure at home ${run}?`);
  second = await askAndPublish(runtime(), `Who should get the yearly flu vaccine ${run}?`);
  // The reviewer's summary replaces the editor's; surrounding whitespace is trimmed.
  await revise(first, { editor: 'Editor wording', reviewer: '  Adds the 2026 home-monitoring target.  ' });
  // Approved without a summary of its own: the editor's stands.
  await revise(second, { editor: 'Covers the new vaccine for adults over 65.' });
  const retracted = await api('DELETE', `/v1/admin/articles/${second.slug}`, {
    body: { reason: 'Superseded by the national programme page' },
    headers: await as('ada', ['admin']),
  });
  expect(retracted.status).toBe(200);
  await queuesDrained(runtime(), ['publication', 'articleChanges']);
  runtime().platform.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName as string);
      return next(args);
    },
    { step: 'initialize', name: 'countUpdatesFeedRequests' },
  );
}, 180_000);

describe('change summaries', () => {
  it('shows the approved summary per version in /versions; a first publication has none', async () => {
    const { items } = await readJson(await api('GET', `/v1/articles/${first.slug}/versions`));
    expect(items).toHaveLength(2);
    expect(items[0]).not.toHaveProperty('changeSummary');
    expect(items[1]).toMatchObject({ version: 2, changeSummary: 'Adds the 2026 home-monitoring target.' });
    const other = await readJson(await api('GET', `/v1/articles/${second.slug}/versions`));
    expect(other.items[1]).toMatchObject({
      version: 2,
      changeSummary: 'Covers the new vaccine for adults over 65.',
    });
  });

  it('refuses a blank, an over-long, or a non-approval change summary with 400', async () => {
    const headers = await as('dr-feed', ['reviewer']);
    const decide = (body: unknown) =>
      api('POST', `/v1/review/questions/${first.id}/decisions`, { body, headers });
    await expectProblem(
      await decide({ revision: 2, decision: 'approve', changeSummary: '   ' }),
      400,
      'changeSummary',
    );
    await expectProblem(
      await decide({ revision: 2, decision: 'approve', changeSummary: 'x'.repeat(501) }),
      400,
      'changeSummary',
    );
    await expectProblem(
      await decide({ revision: 2, decision: 'approve', changeSummary: 'bad \u202E text' }),
      400,
      'changeSummary',
    );
    await expectProblem(
      await decide({ revision: 2, decision: 'reject', reason: 'No', changeSummary: 'Not for a rejection' }),
      400,
      'changeSummary',
    );
  });
});

describe('GET /v1/updates', () => {
  it('lists publications, revisions and retractions newest first with their summaries, in one Query', async () => {
    const { items, nextCursor } = await feedPage('');
    expect(nextCursor).toBeNull();
    expect(items.map(({ kind, slug, version }) => ({ kind, slug, version }))).toEqual([
      { kind: 'retracted', slug: second.slug, version: 2 },
      { kind: 'revised', slug: second.slug, version: 2 },
      { kind: 'revised', slug: first.slug, version: 2 },
      { kind: 'published', slug: second.slug, version: 1 },
      { kind: 'published', slug: first.slug, version: 1 },
    ]);
    expect(items[1]?.changeSummary).toBe('Covers the new vaccine for adults over 65.');
    expect(items[2]?.changeSummary).toBe('Adds the 2026 home-monitoring target.');
    expect(items[2]?.title).toMatch(/\(revised\)$/);
    expect(items[3]).not.toHaveProperty('changeSummary');
    const times = items.map((item) => item.at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('pages with an opaque cursor, one Query a page, null on the last page', async () => {
    const { items: all } = await feedPage('?limit=100');
    const seen: Update[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await feedPage(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
    // Exactly a page's worth left: the last page says so without another request.
    expect((await feedPage(`?limit=${all.length}`)).nextCursor).toBeNull();
  });

  it('keeps only changes at or after `since`', async () => {
    const { items: all } = await feedPage('');
    const since = all[2]?.at as string;
    const { items } = await feedPage(`?since=${encodeURIComponent(since)}`);
    expect(items).toEqual(all.slice(0, 3));
    const page = await feedPage(`?since=${encodeURIComponent(since)}&limit=1`);
    const next = await feedPage(
      `?since=${encodeURIComponent(since)}&limit=2&cursor=${encodeURIComponent(page.nextCursor as string)}`,
    );
    expect([...page.items, ...next.items]).toEqual(all.slice(0, 3));
    expect(next.nextCursor).toBeNull();
  });

  it('answers 400 to bad query parameters and a tampered cursor', async () => {
    await expectProblem(await api('GET', '/v1/updates?limit=0'), 400, 'limit');
    await expectProblem(await api('GET', '/v1/updates?limit=101'), 400, 'limit');
    await expectProblem(await api('GET', '/v1/updates?limit=ten'), 400, 'limit');
    await expectProblem(await api('GET', '/v1/updates?since=yesterday'), 400, 'since');
    await expectProblem(await api('GET', '/v1/updates?cursor=bm9wZQ.abc'), 400, 'cursor');
    await expectProblem(await api('GET', '/v1/updates?sort=oldest'), 400);
    // Well-formed and signed, but of another partition: not one of the feed's.
    const foreign = encodeCursor({
      pk: 'A#x',
      sk: 'V#0001',
      feedKey: 'ARTICLES',
      feedSort: '2026',
    }) as string;
    await expectProblem(await api('GET', `/v1/updates?cursor=${encodeURIComponent(foreign)}`), 400, 'cursor');
  });
});

describe('at-least-once delivery', () => {
  it('lists a publication once however often its approval is delivered', async () => {
    const before = await feedPage('?limit=100');
    const question = await questions().get(first.id);
    if (!question) throw new Error('the question is gone');
    const approval = reviewDecidedEvent(question, 'dr-feed', 'approve', 'approved', new Date().toISOString());
    for (let delivery = 0; delivery < 2; delivery++) {
      await runtime().platform.sqs.send(
        new SendMessageCommand({
          QueueUrl: runtime().queues.publication.url,
          MessageBody: JSON.stringify(busEventOf(approval)),
        }),
      );
    }
    await queuesDrained(runtime(), ['publication', 'articleChanges']);
    expect(await feedPage('?limit=100')).toEqual(before);
  });
});

describe('after a retraction', () => {
  it('lists a republication as published again, not as a revision', async () => {
    await revise(second, { editor: 'Back, following the 2026 programme.' });
    await queuesDrained(runtime(), ['publication', 'articleChanges']);
    const { items } = await feedPage('?limit=1');
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'published',
        slug: second.slug,
        version: 3,
        changeSummary: 'Back, following the 2026 programme.',
      }),
    ]);
  });
});
