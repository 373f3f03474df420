import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import type { Role } from '../../shared/http/routes.ts';
import { expectProblem } from '../support/problem.ts';
import { askAndPublish } from '../support/publishing.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

const runtime = useRuntime();
const api = async (method: string, path: string, body?: unknown, roles?: Role[]) =>
  request(runtime().url, method, path, {
    ...(body === undefined ? {} : { body }),
    ...(roles ? { headers: { authorization: `Bearer ${await tokenFor(runtime(), 'alice', roles)}` } } : {}),
  });
const questions = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);

const openFeedback = async () => {
  const listed = await api('GET', '/v1/review/feedback?limit=100', undefined, ['reviewer']);
  expect(listed.status).toBe(200);
  return (await readJson(listed)).items as { id: string; message: string; contact?: string }[];
};

describe('reader feedback on the local runtime', () => {
  it('reaches the reviewers, never the public article, and is resolved with an audit entry', async () => {
    const { id: questionId, slug } = await askAndPublish(
      runtime(),
      'How should I measure my blood pressure at home?',
    );
    const message = 'The threshold quoted in the second section looks outdated since the 2026 update.';
    const submitted = await api('POST', `/v1/articles/${slug}/feedback`, {
      kind: 'outdated',
      message,
      contact: 'reader@example.org',
    });
    expect(submitted.status).toBe(202);
    const receipt = await readJson(submitted);
    expect(receipt).toMatchObject({ id: expect.any(String), status: 'received' });
    expect(JSON.stringify(receipt)).not.toContain('reader@example.org');

    const open = await openFeedback();
    const mine = open.find((item) => item.id === receipt.id);
    // Beside the question's review: that article's feedback only, one Query.
    const beside = await readJson(
      await api('GET', `/v1/review/feedback?questionId=${questionId}`, undefined, ['reviewer']),
    );
    expect(beside.items.map((item: { id: string }) => item.id)).toEqual([receipt.id]);
    expect(beside.nextCursor).toBeNull();
    expect(mine).toMatchObject({ slug, questionId, version: 1, kind: 'outdated', message, status: 'open' });
    expect(mine?.contact).toBe('reader@example.org');

    // Never public: the article and its versions say nothing of it.
    const article = await (await api('GET', `/v1/articles/${slug}`)).text();
    expect(article).not.toContain('2026 update');
    expect(article).not.toContain('reader@example.org');

    const resolved = await api(
      'POST',
      `/v1/review/feedback/${receipt.id}/resolution`,
      { resolution: 'no_change', note: 'The threshold matches the current guideline.' },
      ['reviewer'],
    );
    expect(resolved.status).toBe(200);
    expect(await readJson(resolved)).toMatchObject({
      status: 'resolved',
      resolution: 'no_change',
      resolvedBy: 'alice',
    });
    expect((await openFeedback()).map((item) => item.id)).not.toContain(receipt.id);
    const resolvedList = await readJson(
      await api('GET', '/v1/review/feedback?status=resolved', undefined, ['reviewer']),
    );
    expect(resolvedList.items.map((item: { id: string }) => item.id)).toContain(receipt.id);

    // Resolving twice is a conflict; both steps are on the question's audit trail.
    await expectProblem(
      await api(
        'POST',
        `/v1/review/feedback/${receipt.id}/resolution`,
        { resolution: 'fixed', note: 'again' },
        ['reviewer'],
      ),
      409,
    );
    const audit = await questions().listAudit(questionId);
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['feedback_received', 'feedback_resolved']),
    );
  });

  it('re_review puts a new revision in the review queue marked reader_feedback while the live version serves', async () => {
    const { id: questionId, slug } = await askAndPublish(runtime(), 'How long does a cold sore last?');
    const live = await (await api('GET', `/v1/articles/${slug}`)).json();
    const feedbackOn = async (message: string) =>
      (await readJson(await api('POST', `/v1/articles/${slug}/feedback`, { kind: 'error', message })))
        .id as string;
    const first = await feedbackOn('The healing time quoted looks too short to me.');
    const second = await feedbackOn('The section on triggers misses sunlight.');

    const resolved = await api(
      'POST',
      `/v1/review/feedback/${first}/resolution`,
      { resolution: 're_review', note: 'Check the healing time against the source.' },
      ['reviewer'],
    );
    expect(resolved.status).toBe(200);
    const queued = await eventually(async () => {
      const page = await readJson(
        await api('GET', '/v1/review/queue?status=in_review&reason=reader_feedback&limit=100', undefined, [
          'reviewer',
        ]),
      );
      return page.items.find((item: { id: string }) => item.id === questionId);
    });
    expect(queued).toMatchObject({ reason: 'reader_feedback', revision: 2 });
    // The live version keeps serving meanwhile.
    const still = await (await api('GET', `/v1/articles/${slug}`)).json();
    expect(still.version).toBe(live.version);
    const audit = await questions().listAudit(questionId);
    expect(audit.find((entry) => entry.action === 'review.reader_feedback')?.reason).toContain(first);

    // A second re-review while one is under way is a conflict, and that feedback stays open.
    await expectProblem(
      await api(
        'POST',
        `/v1/review/feedback/${second}/resolution`,
        { resolution: 're_review', note: 'Also triggers.' },
        ['reviewer'],
      ),
      409,
    );
    expect((await openFeedback()).map((item) => item.id)).toContain(second);
  });

  it('lists open feedback oldest first, a page at a time', async () => {
    const { slug } = await askAndPublish(runtime(), 'Do statins cause muscle aches?');
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const response = await api('POST', `/v1/articles/${slug}/feedback`, {
        kind: 'unclear',
        message: `Paging check number ${n}: the wording is unclear.`,
      });
      ids.push((await readJson(response)).id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await readJson(
        await api('GET', `/v1/review/feedback?limit=2${cursor ? `&cursor=${cursor}` : ''}`, undefined, [
          'reviewer',
        ]),
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
  });

  it('is delivered to a webhook subscribed to feedback.received, without the contact', async () => {
    const bodies: { body: string; headers: Record<string, string> }[] = [];
    const receiver = createServer((incoming, response) => {
      let body = '';
      incoming.on('data', (chunk) => {
        body += chunk;
      });
      incoming.on('end', () => {
        bodies.push({ body, headers: incoming.headers as Record<string, string> });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/triage`;
      const registered = await api('POST', '/v1/admin/webhooks', { url, events: ['feedback.received'] }, [
        'admin',
      ]);
      const { secret } = await readJson(registered);
      const { slug } = await askAndPublish(
        runtime(),
        'Should I take paracetamol or ibuprofen for a sore throat?',
      );
      const MESSAGE = 'The maximum daily paracetamol dose looks wrong.';
      await api('POST', `/v1/articles/${slug}/feedback`, {
        kind: 'error',
        message: MESSAGE,
        contact: 'private@example.org',
      });
      // Reports from the tests before may still be on their way to every subscribed endpoint: find this one.
      const received = (delivery: { body: string; headers: Record<string, string> }) =>
        new Webhook(secret).verify(delivery.body, delivery.headers) as {
          type: string;
          data: { slug: string; kind: string; message: string };
        };
      const event = await eventually(async () =>
        bodies.map(received).find((candidate) => candidate.data.message === MESSAGE),
      );
      expect(event).toMatchObject({ type: 'feedback.received', data: { slug, kind: 'error' } });
      for (const delivery of bodies) expect(delivery.body).not.toContain('private@example.org');
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('refuses bad input with field errors and loses nothing', async () => {
    const { slug } = await askAndPublish(
      runtime(),
      'What is the first-line treatment for high blood pressure?',
    );
    await expectProblem(
      await api('POST', `/v1/articles/${slug}/feedback`, { kind: 'rant', message: 'x'.repeat(20) }),
      400,
      'kind',
    );
    await expectProblem(
      await api('POST', `/v1/articles/${slug}/feedback`, { kind: 'error', message: 'short' }),
      400,
      'message',
    );
    await expectProblem(
      await api('POST', `/v1/articles/${slug}/feedback`, { kind: 'error', message: 'y'.repeat(2001) }),
      400,
      'message',
    );
    await expectProblem(
      await api('POST', `/v1/articles/${slug}/feedback`, { kind: 'error' }),
      400,
      'message',
    );
    // Clean text: a bidi override or a control character is refused, naming the field.
    await expectProblem(
      await api('POST', `/v1/articles/${slug}/feedback`, {
        kind: 'error',
        message: 'The dose is \u202Ewrong here.',
      }),
      400,
      'message',
    );
    await expectProblem(
      await api('POST', `/v1/articles/${slug}/feedback`, {
        kind: 'error',
        message: 'The dose is wrong here.',
        contact: 'me\u0000@example.org',
      }),
      400,
      'contact',
    );
    await expectProblem(
      await api('POST', '/v1/articles/no-such-article/feedback', {
        kind: 'error',
        message: 'The dose is wrong here.',
      }),
      404,
    );
    await expectProblem(await api('GET', '/v1/review/feedback'), 401);
    await expectProblem(
      await api(
        'POST',
        `/v1/review/feedback/${crypto.randomUUID()}/resolution`,
        { resolution: 'fixed', note: 'x' },
        ['reviewer'],
      ),
      404,
    );
    await expectProblem(
      await api('POST', `/v1/review/feedback/not-an-id/resolution`, { resolution: 'fixed', note: 'x' }, [
        'reviewer',
      ]),
      404,
    );
    const messages = (await openFeedback()).map((item) => item.message);
    expect(messages.some((text) => text === 'short' || text.startsWith('yyyy'))).toBe(false);
  });
});
