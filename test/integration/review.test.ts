import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { DynamoOutboxPublisher } from '../../shared/adapters/dynamodb/outbox-publisher.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { applyTransition } from '../../shared/domain/lifecycle.ts';
import type { Role } from '../../shared/http/routes.ts';
import { reconcile } from '../../shared/use-cases/reconcile.ts';
import { decideOnRevision } from '../../shared/use-cases/review.ts';
import { runtimeDriver } from '../support/driver.ts';
import { askWithoutDraftRequest, failingRelay } from '../support/faults.ts';
import { expectProblem } from '../support/problem.ts';
import { queuesDrained } from '../support/queues.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

const runtime = useRuntime({ env: { REQUIRED_APPROVALS: '2' } });
const store = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
const outboxStore = () =>
  new DynamoQuestionStore(
    runtime().platform.dynamo,
    runtime().config.tables.questions,
    runtime().config.tables.outbox,
  );
/** The reconciler's use case on the real tables and outbox, run at a moment of the test's choosing. */
const reconcileAt = (now: Date) =>
  reconcile({
    store: store(),
    events: new DynamoOutboxPublisher(runtime().platform.dynamo, runtime().config.tables.outbox),
    now: () => now,
    draftingDeadlineSeconds: runtime().config.reconcile.draftingDeadlineSeconds,
  });

const as = async (user: string, roles: Role[]) => ({
  authorization: `Bearer ${await tokenFor(runtime(), user, roles)}`,
});
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);

const { askAndDraft, statusOf, waitForStatus: waitFor, decide } = runtimeDriver(runtime);

let counter = 0;
/** A question drafted and in review. */
const drafted = (topic = 'blood pressure at home') =>
  askAndDraft(`How should I check my ${topic}? (${++counter}-${Date.now()})`);

describe('authentication and roles', () => {
  it('answers 401 without a token, with a malformed one, or one signed by another key', async () => {
    const id = await drafted();
    await expectProblem(await api('GET', `/v1/review/questions/${id}`), 401);
    await expectProblem(
      await api('GET', `/v1/review/questions/${id}`, { headers: { authorization: 'Bearer not.a.token' } }),
      401,
    );
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'cognito:groups': ['reviewer'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('mallory')
      .setIssuer('vetted-local')
      .setAudience('vetted')
      .setExpirationTime('1h')
      .sign(privateKey);
    await expectProblem(
      await api('GET', `/v1/review/questions/${id}`, { headers: { authorization: `Bearer ${forged}` } }),
      401,
    );
  });

  it('answers 403 to a valid token without the role', async () => {
    const id = await drafted();
    await expectProblem(await decide(id, 'ed', { revision: 1, decision: 'approve' }, ['editor']), 403);
    await expectProblem(
      await api('POST', `/v1/admin/questions/${id}/retry`, { headers: await as('rita', ['reviewer']) }),
      403,
    );
    await expectProblem(
      await api('PUT', `/v1/review/questions/${id}/draft`, {
        body: {},
        headers: await as('rita', ['reviewer']),
      }),
      403,
    );
  });
});

describe('the review queue and detail', () => {
  it('lists questions awaiting review oldest first, a page at a time', async () => {
    const first = await drafted('HbA1c');
    const second = await drafted('vitamin D level');
    const headers = await as('rita', ['reviewer']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/review/queue?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await readJson(await api('GET', query, { headers }));
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(seen.indexOf(first)).toBeLessThan(seen.indexOf(second));

    // A pending approval (one of two) does not send a question to the back of the queue.
    expect((await decide(first, 'rita', { revision: 1, decision: 'approve' })).status).toBe(201);
    const after = await readJson(await api('GET', '/v1/review/queue?limit=100', { headers }));
    const ids = after.items.map((item: { id: string }) => item.id);
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
  });

  it('answers 400 to a tampered cursor or an unknown status', async () => {
    const headers = await as('rita', ['reviewer']);
    await expectProblem(await api('GET', '/v1/review/queue?cursor=abc.def', { headers }), 400);
    await expectProblem(await api('GET', '/v1/review/queue?status=pending', { headers }), 400);
    // A cursor of the in_review listing used for another status.
    await drafted('cursor reuse one');
    await drafted('cursor reuse two');
    const page = await readJson(await api('GET', '/v1/review/queue?limit=1', { headers }));
    expect(page.nextCursor).toEqual(expect.any(String));
    await expectProblem(
      await api('GET', `/v1/review/queue?status=failed&cursor=${encodeURIComponent(page.nextCursor)}`, {
        headers,
      }),
      400,
    );
  });

  it('answers 404 for an unknown question', async () => {
    const headers = await as('rita', ['reviewer']);
    await expectProblem(
      await api('GET', '/v1/review/questions/0b0e4d1c-8f43-4f0e-9a53-3f4c1c7d2a10', { headers }),
      404,
    );
  });
});

describe('decisions', () => {
  it('rejects bad commands with 400 before anything is written', async () => {
    const id = await drafted();
    const missingReason = await expectProblem(
      await decide(id, 'rita', { revision: 1, decision: 'reject' }),
      400,
    );
    expect(missingReason.errors).toContainEqual(expect.objectContaining({ path: 'reason' }));
    await expectProblem(
      await decide(id, 'rita', { revision: 1, decision: 'request_changes', reason: '   ' }),
      400,
    );
    await expectProblem(await decide(id, 'rita', { revision: 1, decision: 'maybe' }), 400);
    await expectProblem(await decide(id, 'rita', { revision: '1', decision: 'approve' }), 400);
    // A malformed command is a 400 even when it also names a revision that does not exist.
    await expectProblem(await decide(id, 'rita', { revision: 9, decision: 'reject' }), 400);
    expect((await store().getRevision(id, 1))?.decisions).toEqual([]);
  });

  it('needs two distinct approvals, refuses a second decision by the same reviewer, and a stale revision', async () => {
    const id = await drafted();
    const first = await decide(id, 'rita', { revision: 1, decision: 'approve' });
    expect(first.status).toBe(201);
    expect(await readJson(first)).toMatchObject({ outcome: 'pending', status: 'in_review' });
    await expectProblem(await decide(id, 'rita', { revision: 1, decision: 'approve' }), 409);
    await expectProblem(await decide(id, 'sam', { revision: 2, decision: 'approve' }), 409);
    const second = await decide(id, 'sam', { revision: 1, decision: 'approve' });
    expect(await readJson(second)).toMatchObject({ outcome: 'approved' });
    // The decision's event is in the outbox; the relay puts it on the bus right after.
    await eventually(async () =>
      runtime().bus.published.some(
        (event) =>
          event.type === 'review.decided' && event.subject === id && event.data.outcome === 'approved',
      )
        ? true
        : undefined,
    );
    await expectProblem(await decide(id, 'tom', { revision: 1, decision: 'reject', reason: 'late' }), 409);
  });

  it('lets exactly one of two reviewers deciding at once win', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await drafted(`race ${round}`);
      const [a, b] = await Promise.all([
        decide(id, 'rita', { revision: 1, decision: 'reject', reason: 'outdated guidance' }),
        decide(id, 'sam', { revision: 1, decision: 'request_changes', reason: 'cite the 2024 guideline' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect((await store().getRevision(id, 1))?.decisions).toHaveLength(1);
    }
  });

  it('regenerates with the reviewer comments after a change request', async () => {
    const id = await drafted('asthma inhaler technique');
    const response = await decide(id, 'rita', {
      revision: 1,
      decision: 'request_changes',
      reason: 'Explain how a spacer helps with inhaler technique',
    });
    expect(await readJson(response)).toMatchObject({
      outcome: 'changes_requested',
      status: 'changes_requested',
    });
    await eventually(async () => {
      const question = await store().get(id);
      return question?.status === 'in_review' && question.currentRevision === 2 ? true : undefined;
    });
    const revision = await store().getRevision(id, 2);
    expect(revision?.draft.flags).toContain('reviewer_comments_applied');
    const audit = (await store().listAudit(id)).map((entry) => `${entry.action}:${entry.to}`);
    expect(audit).toEqual(
      expect.arrayContaining([
        'review.request_changes:changes_requested',
        'draft.started:drafting',
        'draft.generated:in_review',
      ]),
    );
  });
});

describe('editor revisions', () => {
  it('accepts an edit of the current revision, refuses a stale base, and its author cannot approve it', async () => {
    const id = await drafted('migraine triggers');
    const current = await store().getRevision(id, 1);
    const { generator: _generator, ...draft } = current?.draft ?? ({} as never);
    const edited = { ...draft, title: 'Migraine triggers: what helps' };
    const headers = await as('eddie', ['editor', 'reviewer']);
    const accepted = await api('PUT', `/v1/review/questions/${id}/draft`, {
      body: { baseRevision: 1, draft: edited },
      headers,
    });
    expect(accepted.status).toBe(201);
    expect(await readJson(accepted)).toMatchObject({ revision: 2, status: 'in_review' });
    await expectProblem(
      await api('PUT', `/v1/review/questions/${id}/draft`, {
        body: { baseRevision: 1, draft: edited },
        headers,
      }),
      409,
    );
    await expectProblem(await decide(id, 'eddie', { revision: 2, decision: 'approve' }, ['reviewer']), 403);
    const stored = await store().getRevision(id, 2);
    expect(stored).toMatchObject({ author: 'eddie', draft: { title: 'Migraine triggers: what helps' } });
  });

  it('answers 400 with field paths for an inconsistent draft', async () => {
    const id = await drafted('iron deficiency');
    const current = await store().getRevision(id, 1);
    const { generator: _generator, ...draft } = current?.draft ?? ({} as never);
    // Supported, but its prose points at a citation that does not exist (an uncited claim would be a 422).
    const broken = { ...draft, bottomLine: `${draft.bottomLine} See also [9].` };
    const problem = await expectProblem(
      await api('PUT', `/v1/review/questions/${id}/draft`, {
        body: { baseRevision: 1, draft: broken },
        headers: await as('eddie', ['editor']),
      }),
      400,
    );
    expect(problem.errors?.every((error) => error.path.startsWith('draft.'))).toBe(true);
  });
});

describe('admin retry', () => {
  it('re-enqueues a failed question, and refuses one that has not failed', async () => {
    const id = await drafted('vitamin d in winter');
    await expectProblem(
      await api('POST', `/v1/admin/questions/${id}/retry`, { headers: await as('ada', ['admin']) }),
      409,
    );

    // A question that failed before its first draft, recorded through the real store.
    const result = await askWithoutDraftRequest(
      runtime(),
      `Why do I wake up at 3am every night? ${Date.now()}`,
    );
    const question = await store().get(result.body.id);
    if (!question) throw new Error('question not stored');
    const { question: failed, audit } = applyTransition(question, 'failed', {
      at: new Date().toISOString(),
      actor: 'system',
      action: 'draft.failed',
      reason: 'generator down',
    });
    expect(await store().commit({ before: question, after: failed, audit: [audit] })).toBe(true);

    const retried = await api('POST', `/v1/admin/questions/${question.id}/retry`, {
      headers: await as('ada', ['admin']),
    });
    expect(retried.status).toBe(202);
    await waitFor(question.id, 'in_review');
  });
});

describe('the reconciler', () => {
  it('drafts, exactly once, a question whose worker died mid-draft; a question merely submitted is not its', async () => {
    const rt = runtime();
    const result = await askWithoutDraftRequest(rt, `Does green tea lower cholesterol? ${Date.now()}`);
    const asked = await store().get(result.body.id);
    if (!asked) throw new Error('question not stored');
    // A submitted question's draft request is the outbox's: the reconciler leaves it alone.
    expect(await reconcileAt(new Date(Date.now() + 3_600_000))).toMatchObject({ submitted: 0 });
    // A worker claimed it and died: its claim is long expired, and no message is left to redeliver.
    const claimedAt = new Date(Date.now() - 3_600_000).toISOString();
    const { question: drafting, audit } = applyTransition(asked, 'drafting', {
      at: claimedAt,
      actor: 'system',
      action: 'draft.started',
    });
    const dead = { ...drafting, draftClaim: { by: 'a-worker-that-died', at: claimedAt } };
    expect(await outboxStore().commit({ before: asked, after: dead, audit: [audit] })).toBe(true);
    expect(await statusOf(result.body.id)).toBe('drafting');
    // Past the drafting deadline, two concurrent runs re-drive it; the idempotent worker drafts once.
    const later = new Date(Date.now() + (rt.config.reconcile.draftingDeadlineSeconds + 1) * 1000);
    const reports = await Promise.all([reconcileAt(later), reconcileAt(later)]);
    expect(reports.map((report) => report.drafting)).toEqual([1, 1]);
    await waitFor(result.body.id, 'in_review');
    await queuesDrained(rt, ['draftRequests']);
    expect((await store().listRevisions(result.body.id)).map((revision) => revision.revision)).toEqual([1]);
  });
});

describe('an approval whose event the relay could not put on the bus', () => {
  it('is published, exactly once, when the relay is back: the event waited in the outbox', async () => {
    const id = await drafted('sore throat antibiotics');
    const rt = runtime();
    await rt.outbox.stop();
    const relay = failingRelay(rt);
    rt.outbox.start(relay.handler);
    try {
      const deps = {
        store: new DynamoQuestionStore(
          rt.platform.dynamo,
          rt.config.tables.questions,
          rt.config.tables.outbox,
        ),
        catalog: new DynamoLibraryCatalog(rt.platform.dynamo, rt.config.tables.sources),
        now: () => new Date(),
        requiredApprovals: 2,
      };
      await decideOnRevision(deps, {
        questionId: id,
        reviewer: 'rita',
        command: { revision: 1, decision: 'approve' },
      });
      const settled = await decideOnRevision(deps, {
        questionId: id,
        reviewer: 'sam',
        command: { revision: 1, decision: 'approve' },
      });
      expect(settled.outcome).toBe('approved');
      // The relay reads the decision's event and fails to put it, again and again.
      await eventually(async () => (relay.failed.batches >= 2 ? true : undefined));
      await rt.outbox.stop();
      await queuesDrained(rt, ['publication']);
      expect(await statusOf(id)).toBe('approved');
    } finally {
      relay.destroy();
    }
    rt.outbox.start();
    await waitFor(id, 'published');
    await queuesDrained(rt, ['publication', 'articleChanges']);
    const { articleSlug } = await readJson(await api('GET', `/v1/questions/${id}`));
    const versions = await readJson(await api('GET', `/v1/articles/${articleSlug}/versions`));
    expect(versions.items).toHaveLength(1);
  });
});
