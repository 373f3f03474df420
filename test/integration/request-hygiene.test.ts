import { describe, expect, it } from 'vitest';
import { type Route, routeKey, routes } from '../../shared/http/routes.ts';
import { expectProblem } from '../support/problem.ts';
import { readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

describe('requests parsed the same on every route', () => {
  const runtime = useRuntime({ consumers: false });
  const reviewer = async () => ({
    authorization: `Bearer ${await tokenFor(runtime(), 'rita', ['reviewer'])}`,
  });

  it.each([
    '/v1/review/queue?limit=0x10',
    '/v1/review/queue?limit=1e1',
    '/v1/review/queue?limit=%205',
    '/v1/review/sources?q=statins&limit=1e1',
    '/v1/articles?limit=0x10',
    '/v1/search?q=statins&limit=1e1',
  ])('refuses a limit that is not a plain whole number: %s', async (path) => {
    await expectProblem(
      await request(runtime().url, 'GET', path, { headers: await reviewer() }),
      400,
      'limit',
    );
  });

  it('takes a plain whole number on review routes as on public ones', async () => {
    const response = await request(runtime().url, 'GET', '/v1/review/queue?limit=16', {
      headers: await reviewer(),
    });
    expect(response.status).toBe(200);
  });

  it('answers HEAD wherever GET answers: the same status and headers, no body', async () => {
    const asked = await readJson(
      await request(runtime().url, 'POST', '/v1/questions', {
        body: { question: 'How much salt a day is too much for my blood pressure?' },
      }),
    );
    for (const path of [
      '/health',
      '/v1/articles',
      `/v1/questions/${asked.id}`,
      `/v1/questions/${asked.id}/answer`,
    ]) {
      const get = await request(runtime().url, 'GET', path);
      const head = await request(runtime().url, 'HEAD', path);
      expect(head.status, path).toBe(200);
      expect(head.headers.get('content-type'), path).toBe(get.headers.get('content-type'));
      expect(head.headers.get('content-length'), path).toBe(String((await get.arrayBuffer()).byteLength));
      expect(await head.text(), path).toBe('');
    }
    const unknown = await request(runtime().url, 'HEAD', '/v1/questions/no-such-question');
    expect(unknown.status).toBe(404);
  });

  it('answers HEAD on every GET route of the route table as GET does, without a body', async () => {
    const asked = await readJson(
      await request(runtime().url, 'POST', '/v1/questions', {
        body: { question: 'Is it safe to take paracetamol every day for back pain?' },
      }),
    );
    const getRoutes = (routes as readonly Route[]).filter((route) => route.method === 'GET');
    expect(getRoutes.length).toBeGreaterThan(10);
    for (const route of getRoutes) {
      // A real question id where one is asked for; other parameters name nothing (404 for both).
      const path = route.path.replace('{id}', asked.id).replace(/\{[^}]+\}/g, 'no-such-thing');
      const query = path === '/v1/search' ? '?q=statins' : '';
      const headers = route.role
        ? { authorization: `Bearer ${await tokenFor(runtime(), 'hedda', ['reviewer', 'editor', 'admin'])}` }
        : undefined;
      const get = await request(runtime().url, 'GET', `${path}${query}`, { headers });
      const head = await request(runtime().url, 'HEAD', `${path}${query}`, { headers });
      expect(head.status, routeKey(route)).toBe(get.status);
      expect(head.status, routeKey(route)).not.toBe(405);
      expect(await head.text(), routeKey(route)).toBe('');
    }
  });

  it('lists HEAD beside GET in the Allow of a 405', async () => {
    const response = await request(runtime().url, 'DELETE', '/v1/articles');
    await expectProblem(response, 405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses a body that is not UTF-8 with 400, storing nothing', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"question":"Do statins cause muscle aches '),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('?"}'),
    ]);
    const response = await fetch(`${runtime().url}/v1/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bytes,
    });
    const problem = await expectProblem(response, 400, 'body');
    expect(problem.detail).toBe('The body is not valid UTF-8');
  });
});

/**
 * Each class of character clean text refuses (shared/domain/clean-text.ts), on each route that takes
 * free text. `request` sends JSON.stringify's output, so the lone surrogate travels as the valid JSON
 * escape `\ud800` (ASCII on the wire) and reaches the schema as the lone code unit it names.
 */
const HOSTILE = [
  ['a right-to-left override', '\u202E'],
  ['NUL', '\u0000'],
  ['a C1 control sequence', '\u009b31m'],
  ['a lone surrogate', '\uD800'],
  ['a bidi isolate', '\u2067'],
] as const;

describe('clean text in, clean text out', () => {
  const runtime = useRuntime({ consumers: false });
  const as = async (user: string, role: 'reviewer' | 'editor' | 'admin') => ({
    authorization: `Bearer ${await tokenFor(runtime(), user, [role])}`,
  });
  const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
    request(runtime().url, method, path, options);
  const submitted = async (): Promise<string[]> => {
    const queue = await readJson(
      await api('GET', '/v1/review/queue?status=submitted&limit=100', {
        headers: await as('rita', 'reviewer'),
      }),
    );
    return queue.items.map((item: { question: string }) => item.question);
  };
  let asked = 0;
  const ask = async (question: string) => api('POST', '/v1/questions', { body: { question } });

  it.each(HOSTILE)(
    'refuses a question carrying %s with 400 naming the field, storing nothing',
    async (_name, bad) => {
      const marker = `marker-${++asked}`;
      const problem = await expectProblem(
        await ask(`Do statins cause muscle aches ${bad}and pain? ${marker}`),
        400,
        'question',
      );
      expect(problem.errors?.[0]?.message).toMatch(/^must not contain/);
      expect((await submitted()).filter((text) => text.includes(marker))).toEqual([]);
    },
  );

  it('stores an NFD question as NFC, and folds its line breaks into spaces', async () => {
    const nfd = 'Is cafe\u0301 coffee bad for my blood\npressure?';
    const answer = await ask(nfd);
    expect(answer.status).toBe(202);
    const { id } = await readJson(answer);
    const stored = 'Is caf\u00e9 coffee bad for my blood pressure?';
    expect((await readJson(await api('GET', `/v1/questions/${id}`))).question).toBe(stored);
    expect(await submitted()).toContain(stored);
  });

  it.each(HOSTILE)('refuses a decision reason carrying %s, recording no decision', async (_name, bad) => {
    const { id } = await readJson(await ask(`Is a resting heart rate of 50 normal? (${++asked})`));
    const before = await readJson(
      await api('GET', `/v1/review/questions/${id}`, { headers: await as('rita', 'reviewer') }),
    );
    await expectProblem(
      await api('POST', `/v1/review/questions/${id}/decisions`, {
        body: { revision: 1, decision: 'reject', reason: `Not sourced ${bad}at all` },
        headers: await as('rita', 'reviewer'),
      }),
      400,
      'reason',
    );
    const after = await readJson(
      await api('GET', `/v1/review/questions/${id}`, { headers: await as('rita', 'reviewer') }),
    );
    expect(after).toEqual(before);
  });

  it('keeps line breaks and tabs in a multi-line reason: they are not refused', async () => {
    const response = await api('POST', '/v1/review/questions/no-such-question/decisions', {
      body: { revision: 1, decision: 'reject', reason: 'First point.\r\n\tSecond point.' },
      headers: await as('rita', 'reviewer'),
    });
    // Past validation: the question is unknown.
    await expectProblem(response, 404);
  });

  it.each(HOSTILE)(
    "refuses an editor's draft carrying %s, naming the field in the draft",
    async (_name, bad) => {
      const { id } = await readJson(await ask(`What does a high ferritin level mean? (${++asked})`));
      const draft = {
        title: 'Ferritin',
        bottomLine: 'A summary [1].',
        sections: [{ heading: 'What it means', claims: [{ text: `Ferritin ${bad}rises`, citations: [1] }] }],
        citations: [{ n: 1, title: 'Ferritin', sourceId: 'demo-statins-side-effects' }],
        patient: { bottomLine: 'A summary [1].', sections: [] },
        suggestedQuestions: [],
      };
      await expectProblem(
        await api('PUT', `/v1/review/questions/${id}/draft`, {
          body: { baseRevision: 0, draft },
          headers: await as('ed', 'editor'),
        }),
        400,
        'draft.sections.0.claims.0.text',
      );
      const detail = await readJson(
        await api('GET', `/v1/review/questions/${id}`, { headers: await as('rita', 'reviewer') }),
      );
      expect(detail.revisions).toEqual([]);
    },
  );

  it.each(HOSTILE)('refuses a retraction reason carrying %s', async (_name, bad) => {
    await expectProblem(
      await api('DELETE', '/v1/admin/articles/no-such-article', {
        body: { reason: `Outdated ${bad}guidance` },
        headers: await as('ada', 'admin'),
      }),
      400,
      'reason',
    );
  });

  it.each(HOSTILE)('refuses a reviewer profile field carrying %s, storing no profile', async (name, bad) => {
    const subject = `reviewer-${++asked}`;
    for (const field of ['displayName', 'credentials', 'specialty']) {
      const profile = { displayName: 'Dr. Alice Moreau', credentials: 'MD', specialty: 'Family medicine' };
      await expectProblem(
        await api('PUT', `/v1/admin/reviewers/${subject}`, {
          body: { ...profile, [field]: `${profile[field as keyof typeof profile]} ${bad}x` },
          headers: await as('ada', 'admin'),
        }),
        400,
        field,
      );
    }
    const listed = await readJson(
      await api('GET', '/v1/admin/reviewers', { headers: await as('ada', 'admin') }),
    );
    expect(JSON.stringify(listed), name).not.toContain(subject);
  });

  it('refuses a line break in a one-line profile field', async () => {
    await expectProblem(
      await api('PUT', '/v1/admin/reviewers/lina', {
        body: { displayName: 'Dr. Lina\nSmith', credentials: 'MD', specialty: 'Cardiology' },
        headers: await as('ada', 'admin'),
      }),
      400,
      'displayName',
    );
  });
});
