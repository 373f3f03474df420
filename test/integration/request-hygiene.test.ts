import { describe, expect, it } from 'vitest';
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
