import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { busEventOf } from '../../events/envelope.ts';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateLocalSigningKey,
} from '../../infra/local/local-signing-key.ts';
import { DynamoLiveArticles } from '../../shared/adapters/dynamodb/live-articles.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import type { Draft, DraftContent } from '../../shared/domain/draft.ts';
import type { QuestionStatus } from '../../shared/domain/question.ts';
import type { Role } from '../../shared/http/routes.ts';
import { reviewDecidedEvent } from '../../shared/use-cases/review.ts';
import { type DecisionBody, runtimeDriver } from '../support/driver.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * Issue 8's reproductions, each against the real local runtime: what used
 * to reach readers (empty, off-topic or unchecked articles, a retraction
 * that did not stick, merged questions, loose identities) and must not.
 */
const runtime = useRuntime({ env: { REQUIRED_APPROVALS: '2' } });
const questions = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
const articles = () => new DynamoLiveArticles(runtime().platform.dynamo, runtime().config.tables.articles);
const api = async (
  method: string,
  path: string,
  options: { user?: string; roles?: Role[]; body?: unknown } = {},
) =>
  request(runtime().url, method, path, {
    ...(options.body !== undefined ? { body: options.body } : {}),
    ...(options.user
      ? {
          headers: {
            authorization: `Bearer ${await tokenFor(runtime(), options.user, options.roles ?? ['reviewer'])}`,
          },
        }
      : {}),
  });

let counter = 0;
/** Digits only: a number makes a question unique without changing what retrieval finds. */
const unique = () => `${Date.now()}${++counter}`;

const driver = runtimeDriver(runtime);
const { statusOf } = driver;
const waitFor = (id: string, status: QuestionStatus) => driver.waitForStatus(id, status, 20_000);
const askAndDraft = (question: string) => driver.askAndDraft(question, 20_000);
const decide = (
  id: string,
  user: string,
  revision: number,
  decision: DecisionBody['decision'] = 'approve',
  reason?: string,
) => driver.decide(id, user, { revision, decision, ...(reason ? { reason } : {}) });
const putDraft = (id: string, user: string, baseRevision: number, draft: unknown) =>
  api('PUT', `/v1/review/questions/${id}/draft`, { user, roles: ['editor'], body: { baseRevision, draft } });
const draftOf = async (id: string, revision: number) =>
  (await questions().getRevision(id, revision))?.draft as Draft;
const publish = async (id: string, revision: number) => {
  expect((await decide(id, 'rev-one', revision)).status).toBe(201);
  expect((await decide(id, 'rev-two', revision)).status).toBe(201);
  await waitFor(id, 'published');
  return (await questions().get(id))?.articleSlug as string;
};
const problemPaths = async (response: Response) => {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return ((await readJson(response)).errors ?? []).map((error: { path: string }) => error.path) as string[];
};

/** An editor's copy of a draft as content: what a client would send back. */
const asContent = ({ generator: _generator, flags: _flags, ...content }: Draft): DraftContent => content;

describe('the publish gate', () => {
  it('refuses (422) to approve the empty no_relevant_sources draft of an off-library question', async () => {
    const id = await askAndDraft(
      `Does tebentafusp improve survival in HLA-A*02:01 positive uveal melanoma ${unique()}?`,
    );
    const draft = await draftOf(id, 1);
    expect(draft.flags).toContain('no_relevant_sources');
    const response = await decide(id, 'rev-one', 1);
    expect(response.status).toBe(422);
    expect(await problemPaths(response)).toEqual(
      expect.arrayContaining(['flags', 'sections', 'patient.sections']),
    );
    expect(await statusOf(id)).toBe('in_review');
  });

  it('answers 409, not 422, to approving a superseded revision that is also unsupported', async () => {
    const id = await askAndDraft(
      `Does tebentafusp improve survival in uveal melanoma after liver metastasis ${unique()}?`,
    );
    const external = {
      n: 1,
      title: 'A trial of tebentafusp',
      publisher: 'A journal',
      year: 2024,
      url: 'https://doi.example/tebentafusp',
    };
    const claims = [{ text: 'A trial found longer survival.', citations: [1] }];
    const edited = await putDraft(id, 'ed-one', 1, {
      ...asContent(await draftOf(id, 1)),
      citations: [external],
      sections: [{ heading: 'Evidence', claims }],
      patient: {
        bottomLine: 'One trial found people lived longer.',
        sections: [{ heading: 'Evidence', claims }],
      },
    });
    expect(edited.status).toBe(201);
    const stale = await decide(id, 'rev-one', 1);
    expect(stale.status).toBe(409);
    expect((await readJson(stale)).detail).toMatch(/Revision 1 is stale; the current revision is 2/);
  });

  it('flags an off-topic question instead of answering it from an unrelated source', async () => {
    const id = await askAndDraft(
      `What is the recommended second-line therapy for metastatic uveal melanoma with GNAQ mutation ${unique()}?`,
    );
    const draft = await draftOf(id, 1);
    expect(draft.flags).toContain('no_relevant_sources');
    expect(draft.citations).toEqual([]);
    expect(draft.citations.map((citation) => citation.sourceId)).not.toContain('demo-insomnia-cbt');
  });

  it('refuses an editor draft with uncited claims or unresolvable citations, naming each (422)', async () => {
    const id = await askAndDraft(`Do statins cause muscle aches and muscle pain ${unique()}?`);
    const base = asContent(await draftOf(id, 1));
    const response = await putDraft(id, 'ed-one', 1, {
      ...base,
      sections: [{ heading: 'Edited', claims: [{ text: 'Uncited.', citations: [] }] }],
      citations: [{ n: 1, title: 'Nowhere', sourceId: 'not-in-the-library' }],
      patient: {
        ...base.patient,
        sections: [{ heading: 'P', claims: [{ text: 'Cited.', citations: [1] }] }],
      },
    });
    expect(response.status).toBe(422);
    expect(await problemPaths(response)).toEqual(
      expect.arrayContaining(['draft.sections.0.claims.0.citations', 'draft.citations.0.sourceId']),
    );
    const external = await putDraft(id, 'ed-one', 1, {
      ...base,
      citations: base.citations.map((citation) => ({
        n: citation.n,
        title: 'No publisher, http only',
        url: 'http://x.example',
      })),
    });
    expect(external.status).toBe(422);
    expect(await problemPaths(external)).toContain('draft.citations.0');
    expect((await questions().get(id))?.currentRevision).toBe(1);
  });

  it("records an editor revision's generator and flags itself, and library citations from the library", async () => {
    const id = await askAndDraft(`Should I stop my statin if muscle aches start ${unique()}?`);
    const base = await draftOf(id, 1);
    const response = await putDraft(id, 'ed-one', 1, {
      ...asContent(base),
      citations: base.citations.map((citation) => ({
        ...citation,
        title: 'A title the client made up',
        year: 1901,
      })),
      flags: ['reviewer_comments_applied'],
      generator: { adapter: 'bedrock', model: 'claude', promptVersion: 'v9' },
    });
    expect(response.status).toBe(201);
    const revision = await questions().getRevision(id, 2);
    expect(revision?.author).toBe('ed-one');
    expect(revision?.draft.generator.adapter).toBe('editor');
    expect(revision?.draft.flags).toBeUndefined();
    expect(revision?.draft.citations).toEqual(base.citations);
    // An external reference with publisher, year and an https url is a supported citation.
    const external = await putDraft(id, 'ed-one', 2, {
      ...asContent(base),
      citations: [
        ...base.citations,
        {
          n: base.citations.length + 1,
          title: 'A trial',
          publisher: 'A journal',
          year: 2024,
          url: 'https://doi.example/1',
        },
      ],
      sections: [
        ...base.sections,
        { heading: 'Trial', claims: [{ text: 'A trial found it.', citations: [base.citations.length + 1] }] },
      ],
    });
    expect(external.status).toBe(201);
  });

  it('has the publisher refuse, and record, an unsupported approval already in flight', async () => {
    const id = await askAndDraft(`Is tebentafusp approved for uveal melanoma in ${unique()}?`);
    // Approvals written straight to the store, as if they had been made before the gate existed.
    const store = questions();
    const before = (await store.get(id)) as NonNullable<Awaited<ReturnType<typeof store.get>>>;
    const at = new Date().toISOString();
    const approved = {
      ...before,
      status: 'approved' as const,
      updatedAt: at,
      timeline: [...before.timeline, { status: 'approved' as const, at }],
    };
    expect(
      await store.commit({
        before,
        after: approved,
        audit: [{ at, actor: 'legacy', action: 'review.approve', revision: 1 }],
        decision: { revision: 1, record: { reviewer: 'legacy-a', decision: 'approve', at } },
      }),
    ).toBe(true);
    await store.commit({
      before: approved,
      after: { ...approved, updatedAt: new Date(Date.now() + 1).toISOString() },
      audit: [],
      decision: { revision: 1, record: { reviewer: 'legacy-b', decision: 'approve', at } },
    });
    const event = reviewDecidedEvent(approved, 'legacy-b', 'approve', 'approved', at);
    await runtime().platform.sqs.send(
      new (await import('@aws-sdk/client-sqs')).SendMessageCommand({
        QueueUrl: runtime().queues.publication.url,
        MessageBody: JSON.stringify(busEventOf(event)),
      }),
    );
    await eventually(async () =>
      (await store.listAudit(id)).some((entry) => entry.action === 'publication.refused') ? true : undefined,
    );
    expect(await statusOf(id)).toBe('approved');
    expect((await questions().get(id))?.articleSlug).toBeUndefined();
  });
});

describe('retraction is final', () => {
  it('keeps the article retracted when the last approval races the DELETE (20 trials)', async () => {
    const outcomes: Record<string, number> = {};
    for (let trial = 0; trial < 20; trial++) {
      const id = await askAndDraft(`Do statins cause muscle aches in runners, trial ${unique()}?`);
      const slug = await publish(id, 1);
      const base = asContent(await draftOf(id, 1));
      expect(
        (await putDraft(id, 'ed-one', 1, { ...base, bottomLine: `${base.bottomLine} Revised.` })).status,
      ).toBe(201);
      expect((await decide(id, 'rev-one', 2)).status).toBe(201);

      const [approval, retraction] = await Promise.all([
        decide(id, 'rev-two', 2),
        api('DELETE', `/v1/admin/articles/${slug}`, {
          user: 'admin',
          roles: ['admin'],
          body: { reason: 'Withdrawn' },
        }),
      ]);
      outcomes[`${approval.status}/${retraction.status}`] =
        (outcomes[`${approval.status}/${retraction.status}`] ?? 0) + 1;
      expect([200, 409]).toContain(retraction.status);
      expect([201, 409]).toContain(approval.status);
      if (retraction.status !== 200) continue;
      // Whatever was in flight has had time to land: the article must stay gone.
      await eventually(async () => {
        const question = await questions().get(id);
        return question?.status === 'retracted' ? true : undefined;
      });
      for (let look = 0; look < 5; look++) {
        expect((await api('GET', `/v1/articles/${slug}`)).status).toBe(404);
        await runtime().reconcile();
      }
      expect(await articles().getLive(slug)).toBeUndefined();
    }
    expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(20);
  }, 600_000);

  it('refuses approvals and re-drives of a retracted question; an editor revision brings it back', async () => {
    const id = await askAndDraft(`How long does acute low back pain usually last ${unique()}?`);
    const slug = await publish(id, 1);
    const retraction = await api('DELETE', `/v1/admin/articles/${slug}`, {
      user: 'admin',
      roles: ['admin'],
      body: { reason: 'Outdated' },
    });
    expect(retraction.status).toBe(200);
    expect(await statusOf(id)).toBe('retracted');
    const audit = await questions().listAudit(id);
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'article.retracted', from: 'published', to: 'retracted' }),
    );
    expect((await decide(id, 'rev-three', 1)).status).toBe(409);
    await runtime().reconcile();
    expect(await statusOf(id)).toBe('retracted');
    expect((await api('GET', `/v1/questions/${id}`)).status).toBe(200);
    expect((await readJson(await api('GET', `/v1/questions/${id}`))).articleSlug).toBeUndefined();

    const base = asContent(await draftOf(id, 1));
    expect((await putDraft(id, 'ed-one', 1, base)).status).toBe(201);
    expect(await statusOf(id)).toBe('in_review');
    expect(await publish(id, 2)).toBe(slug);
    expect((await api('GET', `/v1/articles/${slug}`)).status).toBe(200);
  });
});

describe('duplicates and identity', () => {
  it('keeps questions that differ in an operator, sign, decimal point or +/- apart', async () => {
    const run = unique();
    for (const [left, right] of [
      [
        `Is a blood pressure > 140/90 dangerous for me ${run}?`,
        `Is a blood pressure < 140/90 dangerous for me ${run}?`,
      ],
      [
        `Is HIV+ a reason to avoid the flu vaccine ${run}?`,
        `Is HIV- a reason to avoid the flu vaccine ${run}?`,
      ],
      [`Is 0.5 mg of vitamin D enough ${run}?`, `Is 0 5 mg of vitamin D enough ${run}?`],
      [`Is 1,000 IU of vitamin D safe ${run}?`, `Is 1 000 IU of vitamin D safe ${run}?`],
    ]) {
      const first = await api('POST', '/v1/questions', { body: { question: left } });
      const second = await api('POST', '/v1/questions', { body: { question: right } });
      expect([first.status, second.status]).toEqual([202, 202]);
      expect((await readJson(first)).id).not.toBe((await readJson(second)).id);
    }
  });

  it('refuses (400) a question with fewer than three letters or digits', async () => {
    for (const question of ['??????????????', '😀'.repeat(1000), '!!!!! ?? ab ??']) {
      const response = await api('POST', '/v1/questions', { body: { question } });
      expect(response.status).toBe(400);
      expect(await problemPaths(response)).toContain('question');
    }
  });

  it('counts alice and Alice as one reviewer, and Carol as the editor carol', async () => {
    const id = await askAndDraft(`Who should get the yearly flu vaccine ${unique()}?`);
    expect((await decide(id, 'alice', 1)).status).toBe(201);
    expect((await decide(id, 'Alice', 1)).status).toBe(409);
    expect((await decide(id, 'alice ', 1)).status).toBe(409);
    expect(await statusOf(id)).toBe('in_review');

    const base = asContent(await draftOf(id, 1));
    expect((await putDraft(id, 'carol', 1, base)).status).toBe(201);
    expect((await decide(id, 'Carol', 2)).status).toBe(403);
  });

  it('refuses tokens issued in the future, living too long, or with a string groups claim', async () => {
    const key = await loadOrCreateLocalSigningKey(runtime().config.auth.dataDir);
    const now = Math.floor(Date.now() / 1000);
    const token = (claims: Record<string, unknown>, exp: number) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .setSubject('mallory')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setExpirationTime(exp)
        .sign(key.privateKey);
    for (const bad of [
      await token({ 'cognito:groups': ['reviewer'], iat: now + 3600 }, now + 7200),
      await token({ 'cognito:groups': ['reviewer'], iat: now }, 1e20),
      await token({ 'cognito:groups': 'reviewer', iat: now }, now + 600),
    ]) {
      const response = await request(runtime().url, 'GET', '/v1/review/queue', {
        headers: { authorization: `Bearer ${bad}` },
      });
      expect(response.status).toBe(401);
    }
  });
});
