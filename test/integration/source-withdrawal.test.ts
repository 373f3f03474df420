import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import type { Draft } from '../../shared/domain/draft.ts';
import { askAndPublish } from '../support/publishing.ts';
import { queuesDrained } from '../support/queues.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * Withdrawing a library source on the local runtime: every live article
 * citing it shows a `source_withdrawn` notice and gets a re-review drafted
 * without it (citing the superseding source), the queue lists that re-review
 * by its reason, and nothing can be approved or edited that still cites it.
 */
const runtime = useRuntime();
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
const questions = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
const bearer = async (user: string, roles: Parameters<typeof tokenFor>[2]) => ({
  authorization: `Bearer ${await tokenFor(runtime(), user, roles)}`,
});
const sourcesOf = (draft: Pick<Draft, 'citations'>) =>
  draft.citations.flatMap((citation) => (citation.sourceId ? [citation.sourceId] : []));
const draftOf = async (id: string, revision: number) =>
  (await questions().listRevisions(id)).find((entry) => entry.revision === revision)?.draft as Draft;
const withdraw = async (sourceId: string, body: Record<string, unknown>, user = 'admin-1') =>
  api('POST', `/v1/admin/sources/${encodeURIComponent(sourceId)}/withdrawal`, {
    body,
    headers: await bearer(user, ['admin']),
  });

// Fixed questions (each test file has a runtime of its own): a random word in one would read as a
// clinical term the library lacks, and the question would be refused.
let first: { id: string; slug: string };
let second: { id: string; slug: string };
let pendingId: string;
let withdrawn: string;
let successor: string;

beforeAll(async () => {
  first = await askAndPublish(runtime(), `How should I measure my blood pressure at home?`);
  second = await askAndPublish(runtime(), `How should I measure my blood pressure at home, step by step?`);
  // A third on the same topic stays in review: its revision cites the source when it is withdrawn.
  const asked = await readJson(
    await api('POST', '/v1/questions', {
      body: { question: `How should I measure my own blood pressure at home?` },
    }),
  );
  pendingId = asked.id;
  await eventually(async () =>
    (await questions().get(pendingId))?.status === 'in_review' ? true : undefined,
  );
  await queuesDrained(runtime(), ['publication', 'articleChanges']);
}, 120_000);

describe('withdrawing a cited source', () => {
  it('chooses a source both articles and the pending revision cite', async () => {
    const cited = [first.id, second.id, pendingId].map(
      async (id) => new Set(sourcesOf(await draftOf(id, 1))),
    );
    const [a, b, c] = await Promise.all(cited);
    const shared = [...(a as Set<string>)].filter((id) => b?.has(id) && c?.has(id));
    expect(shared.length).toBeGreaterThan(0);
    withdrawn = shared[0] as string;
    // The superseding source: another demo source on home blood pressure measurement.
    successor =
      withdrawn === 'demo-hypertension-diagnosis'
        ? 'demo-hypertension-targets'
        : 'demo-hypertension-diagnosis';
  });

  it('refuses bad input, unknown sources and callers who are not admins', async () => {
    expect((await withdraw(withdrawn, {})).status).toBe(400);
    expect((await withdraw(withdrawn, { reason: '   ' })).status).toBe(400);
    expect((await withdraw(withdrawn, { reason: 'x', supersededBy: withdrawn })).status).toBe(400);
    expect((await withdraw(withdrawn, { reason: 'x', supersededBy: 'no-such-source' })).status).toBe(400);
    expect((await withdraw('no-such-source', { reason: 'Retracted by the journal' })).status).toBe(404);
    const asReviewer = await api('POST', `/v1/admin/sources/${withdrawn}/withdrawal`, {
      body: { reason: 'x' },
      headers: await bearer('dr-r', ['reviewer', 'editor']),
    });
    expect(asReviewer.status).toBe(403);
    expect((await questions().get(first.id))?.status).toBe('published');
  });

  it('answers 202, and a notice appears on every citing article', async () => {
    const reason = 'Retracted by the journal after a data error';
    const response = await withdraw(withdrawn, { reason, supersededBy: successor });
    expect(response.status).toBe(202);
    expect(await readJson(response)).toEqual({
      sourceId: withdrawn,
      status: 'withdrawn',
      reason,
      supersededBy: successor,
      withdrawnAt: expect.any(String),
    });
    for (const { slug } of [first, second]) {
      const article = await eventually(async () => {
        const body = await readJson(await api('GET', `/v1/articles/${slug}`));
        return body.notices.length > 0 ? body : undefined;
      });
      expect(article.notices).toEqual([
        { kind: 'source_withdrawn', text: expect.any(String), since: expect.any(String) },
      ]);
      expect(article.version).toBe(1); // the live version keeps serving
      const patient = await readJson(await api('GET', `/v1/articles/${slug}?audience=patient`));
      expect(patient.notices.map((notice: { kind: string }) => notice.kind)).toEqual(['source_withdrawn']);
    }
  });

  it('opens a re-review of each, drafted without the withdrawn source and citing its successor', async () => {
    for (const { id } of [first, second]) {
      const question = await eventually(async () => {
        const current = await questions().get(id);
        return current?.status === 'in_review' ? current : undefined;
      });
      expect(question).toMatchObject({ currentRevision: 2, reviewReason: 'source_withdrawn' });
      const draft = await draftOf(id, 2);
      expect(sourcesOf(draft)).not.toContain(withdrawn);
      const audit = await questions().listAudit(id);
      expect(audit.filter((entry) => entry.action === 'source.withdrawn')).toEqual([
        expect.objectContaining({
          from: 'published',
          to: 'drafting',
          reason: expect.stringContaining(withdrawn),
        }),
      ]);
    }
    expect(sourcesOf(await draftOf(first.id, 2))).toContain(successor);
    // The re-review proposes what it changes against the live version, sources named by title.
    const withdrawnTitle = (await draftOf(first.id, 1)).citations.find(
      (c) => c.sourceId === withdrawn,
    )?.title;
    const detail = await readJson(
      await api('GET', `/v1/review/questions/${first.id}`, { headers: await bearer('dr-d', ['reviewer']) }),
    );
    const proposed = detail.revisions.find(
      (r: { revision: number }) => r.revision === 2,
    ).proposedChangeSummary;
    expect(proposed).toContain(`No longer cites: "${withdrawnTitle}"`);
    expect(proposed.length).toBeLessThanOrEqual(500);
    expect(detail.revisions[0].proposedChangeSummary).toBeUndefined(); // a first draft has nothing to compare
    // Reviewers see what readers of the live article are told.
    expect(detail.notices).toEqual([
      { kind: 'source_withdrawn', text: expect.stringContaining('withdrawn'), since: expect.any(String) },
    ]);
    // A question never published is no article: nothing is opened for it (its approval is refused below).
    expect((await questions().get(pendingId))?.currentRevision).toBe(1);
  });

  it('lists the re-reviews in the queue by their reason', async () => {
    const headers = await bearer('dr-q', ['reviewer']);
    const page = await readJson(await api('GET', '/v1/review/queue?reason=source_withdrawn', { headers }));
    expect(page.items.map((item: { id: string }) => item.id).sort()).toEqual([first.id, second.id].sort());
    expect(page.items.every((item: { reason: string }) => item.reason === 'source_withdrawn')).toBe(true);
  });

  it('refuses with 422 to approve a revision that still cites it, or an editor draft citing it', async () => {
    const decided = await api('POST', `/v1/review/questions/${pendingId}/decisions`, {
      body: { revision: 1, decision: 'approve' },
      headers: await bearer('dr-late', ['reviewer']),
    });
    expect(decided.status).toBe(422);
    const problem = await readJson(decided);
    expect(problem.errors).toContainEqual({
      path: expect.stringMatching(/^citations\.\d+\.sourceId$/),
      message: expect.stringContaining('withdrawn'),
    });
    const {
      generator: _generator,
      relevance: _relevance,
      citedPassages: _passages,
      ...content
    } = await draftOf(pendingId, 1);
    const edited = await api('PUT', `/v1/review/questions/${pendingId}/draft`, {
      body: { baseRevision: 1, draft: content },
      headers: await bearer('ed-1', ['editor']),
    });
    expect(edited.status).toBe(422);
  });

  it('accepts the same withdrawal again, and refuses a different one with 409', async () => {
    const reason = 'Retracted by the journal after a data error';
    expect((await withdraw(withdrawn, { reason, supersededBy: successor })).status).toBe(202);
    expect((await withdraw(withdrawn, { reason: 'Another reason' })).status).toBe(409);
    await queuesDrained(runtime(), ['sourceWithdrawals', 'draftRequests']);
    // Nothing is opened twice.
    expect((await questions().get(first.id))?.currentRevision).toBe(2);
    const audit = await questions().listAudit(first.id);
    expect(audit.filter((entry) => entry.action === 'source.withdrawn')).toHaveLength(1);
  });

  it('clears the notice once the re-review without the source is published', async () => {
    const decided = await api('POST', `/v1/review/questions/${first.id}/decisions`, {
      body: { revision: 2, decision: 'approve' },
      headers: await bearer('dr-fix', ['reviewer']),
    });
    expect(decided.status).toBe(201);
    const article = await eventually(async () => {
      const body = await readJson(await api('GET', `/v1/articles/${first.slug}`));
      return body.version === 2 ? body : undefined;
    });
    expect(article.notices).toEqual([]);
    // Approved without a summary: the version carries the one the re-review proposed.
    const proposed = (await questions().getRevision(first.id, 2))?.proposedChangeSummary;
    expect(proposed).toEqual(expect.any(String));
    const versions = await readJson(await api('GET', `/v1/articles/${first.slug}/versions`));
    expect(versions.items.find((v: { version: number }) => v.version === 2).changeSummary).toBe(proposed);
  });
});

describe('the re-review of a superseded source', () => {
  it('cites the successor even where retrieval would never rank it for the question', async () => {
    const flu = await askAndPublish(runtime(), 'Should adults get a flu vaccine every year?');
    const cited = sourcesOf(await draftOf(flu.id, 1));
    const gone = cited[0] as string;
    // A successor on another topic: the question's retrieval does not find it.
    const unrelated = 'demo-migraine-acute';
    expect(cited).not.toContain(unrelated);
    const reason = 'Replaced by the society in its 2026 update';
    expect((await withdraw(gone, { reason, supersededBy: unrelated })).status).toBe(202);
    const question = await eventually(async () => {
      const current = await questions().get(flu.id);
      return current?.status === 'in_review' ? current : undefined;
    });
    expect(question).toMatchObject({ reviewReason: 'source_withdrawn', reviewEvidence: [unrelated] });
    const draft = await draftOf(flu.id, 2);
    expect(sourcesOf(draft)).toContain(unrelated);
    expect(sourcesOf(draft)).not.toContain(gone);

    // Once the re-review is published the question no longer offers it to later drafts.
    const decided = await api('POST', `/v1/review/questions/${flu.id}/decisions`, {
      body: { revision: 2, decision: 'approve' },
      headers: await bearer('dr-flu', ['reviewer']),
    });
    expect(decided.status).toBe(201);
    const settled = await eventually(async () => {
      const current = await questions().get(flu.id);
      return current?.status === 'published' && current.currentRevision === 2 ? current : undefined;
    });
    expect(settled.reviewEvidence).toBeUndefined();
    expect(settled.reviewReason).toBeUndefined();
  });
});
