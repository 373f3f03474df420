import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { draftRequestedV1 } from '../../events/contracts.ts';
import { DynamoArticleDirectory } from '../../shared/adapters/dynamodb/article-directory.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { askQuestion } from '../../shared/use-cases/ask-question.ts';
import { expectProblem } from '../support/problem.ts';
import { eventually, readJson, request, useRuntime } from '../support/runtime.ts';

const runtime = useRuntime({ consumers: false });
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
const store = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);

let counter = 0;
/** A question no other test asks, so dedup never crosses tests. */
const uniqueQuestion = (stem = 'How often should blood pressure be checked') =>
  `${stem} (case ${++counter}-${Date.now()})?`;

describe('POST /v1/questions', () => {
  it('stores a question as submitted, answers 202 with its location, and the bus queues its draft request', async () => {
    const text = uniqueQuestion();
    const response = await api('POST', '/v1/questions', { body: { question: text, audience: 'clinician' } });
    expect(response.status).toBe(202);
    const body = await readJson(response);
    expect(body).toMatchObject({ question: text, audience: 'clinician', status: 'submitted' });
    expect(body.timeline).toEqual([{ status: 'submitted', at: body.createdAt }]);
    expect(response.headers.get('location')).toBe(`/v1/questions/${body.id}`);

    const read = await api('GET', `/v1/questions/${body.id}`);
    expect(read.status).toBe(200);
    expect(await readJson(read)).toMatchObject({ id: body.id, question: text, status: 'submitted' });

    // Both events are written with the question; the relay puts them on the bus right after, and the
    // bus's draftRequests rule sends the draft request to the drafter's queue, as EventBridge delivers it.
    await eventually(async () =>
      runtime().bus.published.some(
        (event) => event.type === 'question.submitted' && event.subject === body.id,
      )
        ? true
        : undefined,
    );
    const requests: unknown[] = [];
    await eventually(async () => {
      const { Messages = [] } = await runtime().platform.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: runtime().queues.draftRequests.url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      requests.push(...Messages.map((message) => JSON.parse(message.Body ?? '')));
      return requests.some(
        (message) => (message as { detail?: { subject?: string } }).detail?.subject === body.id,
      )
        ? true
        : undefined;
    });
    expect(requests).toContainEqual(
      expect.objectContaining({
        'detail-type': 'draft.requested',
        detail: expect.objectContaining({
          id: `draft.requested:${body.id}:1`,
          subject: body.id,
          data: { questionId: body.id, revision: 1, cause: 'submitted' },
        }),
      }),
    );
    const request = requests.find(
      (message) => (message as { detail?: { subject?: string } }).detail?.subject === body.id,
    );
    expect(draftRequestedV1.parse((request as { detail: unknown }).detail).type).toBe('draft.requested');
  });

  it('defaults the audience to patient', async () => {
    const response = await api('POST', '/v1/questions', { body: { question: uniqueQuestion() } });
    expect((await readJson(response)).audience).toBe('patient');
  });

  it('stores user text verbatim, even text that looks like a DynamoDB expression', async () => {
    const text = `  What about "#pk = :v" OR attribute_exists(pk) — café, 血压, <script>? ${Date.now()}  `;
    const response = await api('POST', '/v1/questions', { body: { question: text } });
    expect(response.status).toBe(202);
    const { id } = await readJson(response);
    expect((await readJson(await api('GET', `/v1/questions/${id}`))).question).toBe(text);
  });

  it('gives a second asker of the same question, in another form, a link of their own', async () => {
    const stem = `What is a normal HbA1c level ${Date.now()}`;
    const first = await readJson(await api('POST', '/v1/questions', { body: { question: `${stem}?` } }));
    const text = `  what IS a normal   hba1c, level ${stem.split(' ').pop()}!! `;
    const again = await api('POST', '/v1/questions', { body: { question: text, audience: 'clinician' } });
    expect(again.status).toBe(202);
    const second = await readJson(again);
    expect(second.id).not.toBe(first.id);
    expect(again.headers.get('location')).toBe(`/v1/questions/${second.id}`);
    // Their own text, audience and time of asking: nothing of the first asker's.
    expect(second).toMatchObject({
      question: text,
      audience: 'clinician',
      answerUrl: `/v1/questions/${second.id}/answer`,
    });
    expect(second.timeline).toEqual([{ status: 'submitted', at: second.createdAt }]);
    expect(JSON.stringify(second)).not.toContain(first.id);
    expect(await store().getHandle(second.id)).toMatchObject({ questionId: first.id });
  });

  it('creates one question when the same question arrives many times at once, each asker with a link', async () => {
    const text = uniqueQuestion('Is it safe to take ibuprofen with lisinopril');
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api('POST', '/v1/questions', { body: { question: i % 2 ? text.toUpperCase() : text } }),
      ),
    );
    expect(responses.every((response) => response.status === 202)).toBe(true);
    const ids = await Promise.all(responses.map(async (response) => (await readJson(response)).id as string));
    expect(new Set(ids).size).toBe(8);
    const questions = await Promise.all(
      ids.map(async (id) => (await store().get(id))?.id ?? (await store().getHandle(id))?.questionId),
    );
    expect(new Set(questions).size).toBe(1);
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body', async () => {
      const key = `key-${Date.now()}-${++counter}`;
      const body = { question: uniqueQuestion() };
      const first = await api('POST', '/v1/questions', { body, headers: { 'idempotency-key': key } });
      const second = await api('POST', '/v1/questions', { body, headers: { 'idempotency-key': key } });
      expect(first.status).toBe(202);
      expect(second.status).toBe(202);
      expect(await readJson(second)).toEqual(await readJson(first));
      expect(second.headers.get('location')).toBe(first.headers.get('location'));
    });

    it('answers 422 when the key comes back with another body', async () => {
      const key = `key-${Date.now()}-${++counter}`;
      await api('POST', '/v1/questions', {
        body: { question: uniqueQuestion() },
        headers: { 'idempotency-key': key },
      });
      const reuse = await api('POST', '/v1/questions', {
        body: { question: uniqueQuestion() },
        headers: { 'idempotency-key': key },
      });
      await expectProblem(reuse, 422);
    });

    it('gives concurrent requests with one key one question', async () => {
      const key = `key-${Date.now()}-${++counter}`;
      const body = { question: uniqueQuestion() };
      const responses = await Promise.all(
        Array.from({ length: 6 }, () =>
          api('POST', '/v1/questions', { body, headers: { 'idempotency-key': key } }),
        ),
      );
      const bodies = await Promise.all(responses.map((response) => readJson(response)));
      expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
      expect(responses.every((response) => response.status === 202)).toBe(true);
    });

    it('remembers a key first used on an already-asked question: same body replays its own link, another body is 422', async () => {
      const text = uniqueQuestion('Can I drink coffee while breastfeeding');
      const original = await readJson(await api('POST', '/v1/questions', { body: { question: text } }));
      const key = `key-${Date.now()}-${++counter}`;
      const again = await api('POST', '/v1/questions', {
        body: { question: text },
        headers: { 'idempotency-key': key },
      });
      expect(again.status).toBe(202);
      const handle = await readJson(again);
      expect(handle.id).not.toBe(original.id);
      const replay = await api('POST', '/v1/questions', {
        body: { question: text },
        headers: { 'idempotency-key': key },
      });
      expect(replay.status).toBe(202);
      expect(await readJson(replay)).toEqual(handle);
      const reuse = await api('POST', '/v1/questions', {
        body: { question: uniqueQuestion() },
        headers: { 'idempotency-key': key },
      });
      await expectProblem(reuse, 422);
    });

    it('rejects a key with spaces or control characters', async () => {
      const response = await api('POST', '/v1/questions', {
        body: { question: uniqueQuestion() },
        headers: { 'idempotency-key': 'has space' },
      });
      const problem = await expectProblem(response, 400);
      expect(problem.errors?.[0]?.path).toBe('Idempotency-Key');
    });
  });

  describe('bad input', () => {
    it.each([
      ['no question', {}, 'question'],
      ['a question under 10 characters', { question: 'Too short' }, 'question'],
      ['a question of only spaces', { question: '            ' }, 'question'],
      ['a question over 2000 characters', { question: 'a'.repeat(2001) }, 'question'],
      ['a question that is not a string', { question: 42 }, 'question'],
      [
        'an unknown audience',
        { question: 'What is a healthy heart rate?', audience: 'children' },
        'audience',
      ],
      ['an unknown field', { question: 'What is a healthy heart rate?', extra: true }, ''],
      [
        'a followUpOf that is not a slug',
        { question: 'What is a healthy heart rate?', followUpOf: 'Not A Slug' },
        'followUpOf',
      ],
    ])('answers 400 with field errors for %s', async (_, body, path) => {
      const problem = await expectProblem(await api('POST', '/v1/questions', { body }), 400);
      expect(problem.errors?.length).toBeGreaterThan(0);
      if (path) expect(problem.errors?.map((error) => error.path)).toContain(path);
    });

    it('answers 400 when followUpOf names no published article', async () => {
      const response = await api('POST', '/v1/questions', {
        body: { question: uniqueQuestion(), followUpOf: 'no-such-article' },
      });
      const problem = await expectProblem(response, 400);
      expect(problem.errors).toEqual([
        { path: 'followUpOf', message: expect.stringContaining('no-such-article') },
      ]);
    });

    it('answers 400 for malformed JSON', async () => {
      const response = await api('POST', '/v1/questions', {
        rawBody: '{"question": ',
        headers: { 'content-type': 'application/json' },
      });
      const problem = await expectProblem(response, 400);
      expect(problem.errors).toEqual([{ path: 'body', message: 'malformed JSON' }]);
    });

    it('answers 400 for a JSON body that is not an object', async () => {
      await expectProblem(await api('POST', '/v1/questions', { body: ['a list'] }), 400);
    });

    it('answers 415 for a body that is not JSON', async () => {
      const response = await api('POST', '/v1/questions', {
        rawBody: 'question=hello',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      await expectProblem(response, 415);
    });

    it('answers 413 for a body over 64 KiB, and 400 for one just under it', async () => {
      const over = JSON.stringify({ question: 'x'.repeat(64 * 1024) });
      await expectProblem(
        await api('POST', '/v1/questions', {
          rawBody: over,
          headers: { 'content-type': 'application/json' },
        }),
        413,
      );
      const under = JSON.stringify({ question: 'x'.repeat(64 * 1024 - 20) });
      await expectProblem(
        await api('POST', '/v1/questions', {
          rawBody: under,
          headers: { 'content-type': 'application/json' },
        }),
        400,
      );
    });

    it('answers 404 for an unknown route and 405 with Allow for a wrong method', async () => {
      await expectProblem(await api('GET', '/v1/nothing-here'), 404);
      await expectProblem(await api('GET', '/v1/questions/%E0%A4%A'), 404);
      const wrong = await api('DELETE', '/v1/questions');
      await expectProblem(wrong, 405);
      expect(wrong.headers.get('allow')).toBe('POST');
    });
  });
});

describe('GET /v1/questions/{id}', () => {
  it('answers 404 for an unknown or malformed id', async () => {
    await expectProblem(await api('GET', '/v1/questions/0b0e4d1c-8f43-4f0e-9a53-3f4c1c7d2a10'), 404);
    await expectProblem(await api('GET', '/v1/questions/not-an-id'), 404);
  });
});

describe('the draft request of a submission', () => {
  const outboxItem = async (id: string) =>
    (
      await runtime().platform.dynamo.send(
        new GetCommand({
          TableName: runtime().config.tables.outbox,
          Key: { pk: `EVENT#${id}`, sk: 'EVENT' },
        }),
      )
    ).Item;

  it('is written in the outbox with the question, once: a duplicate ask writes no second request', async () => {
    const { platform, config } = runtime();
    const deps = {
      store: new DynamoQuestionStore(platform.dynamo, config.tables.questions, config.tables.outbox),
      articles: new DynamoArticleDirectory(platform.dynamo, config.tables.articles),
      now: () => new Date(),
    };
    const question = uniqueQuestion();
    const first = await askQuestion(deps, { question, audience: 'patient' });
    const again = await askQuestion(deps, { question, audience: 'patient' });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    const request = await outboxItem(`draft.requested:${first.body.id}:1`);
    expect(request).toMatchObject({ type: 'draft.requested', subject: first.body.id });
    expect(JSON.parse(request?.envelope as string).data).toEqual({
      questionId: first.body.id,
      revision: 1,
      cause: 'submitted',
    });
    expect(await outboxItem(`question.submitted:${first.body.id}`)).toMatchObject({
      type: 'question.submitted',
    });
  });
});
