import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { draftRequestedV1 } from '../../events/contracts.ts';
import { DynamoArticleDirectory } from '../../shared/adapters/dynamodb/article-directory.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { SqsDraftQueue } from '../../shared/adapters/sqs/sqs-draft-queue.ts';
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
  it('stores a question as submitted, answers 202 with its location, and queues a draft request', async () => {
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

    const { Messages = [] } = await runtime().platform.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: runtime().queues.draftRequests.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    const requests = Messages.map((message) => draftRequestedV1.parse(JSON.parse(message.Body ?? '')));
    expect(requests).toContainEqual(
      expect.objectContaining({
        subject: body.id,
        data: { questionId: body.id, revision: 1, cause: 'submitted' },
      }),
    );
    // Written with the question; the relay puts it on the bus right after.
    await eventually(async () =>
      runtime().bus.published.some(
        (event) => event.type === 'question.submitted' && event.subject === body.id,
      )
        ? true
        : undefined,
    );
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

describe('when the draft queue is down after the question is stored', () => {
  it('still answers 202 and leaves the question findable for the reconciler', async () => {
    const { platform, config } = runtime();
    const store = new DynamoQuestionStore(platform.dynamo, config.tables.questions, config.tables.outbox);
    const failures: string[] = [];
    const result = await askQuestion(
      {
        store,
        // A real SQS call that fails: the queue does not exist.
        draftQueue: new SqsDraftQueue(platform.sqs, `${runtime().queues.draftRequests.url}-gone`),
        articles: new DynamoArticleDirectory(platform.dynamo, config.tables.articles),
        now: () => new Date(),
        onDeferredFailure: (what) => failures.push(what),
      },
      { question: uniqueQuestion(), audience: 'patient' },
    );
    expect(result.statusCode).toBe(202);
    expect(failures).toEqual(['draft request']);
    const submitted = await store.listByStatus('submitted', { limit: 100 });
    expect(submitted.items.map((question) => question.id)).toContain(result.body.id);
  });
});
