import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { readJson, tokenFor, useRuntime } from '../support/runtime.ts';

/** Sends raw bytes and reads the whole answer until the server closes; a reset fails the promise. */
const rawExchange = (port: number, request: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.end(request);
  });

describe('the local HTTP server at its limits', () => {
  const runtime = useRuntime();

  it('answers an 11 MB body with a 413 problem+json the client reads', async () => {
    const response = await fetch(`${runtime().url}/v1/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"question":"${'a'.repeat(11 * 1024 * 1024)}"}`,
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await readJson(response)).toMatchObject({
      status: 413,
      title: 'Payload too large',
      detail: 'The body exceeds the gateway limit of 10 MiB',
    });
    // The server is none the worse for it.
    expect((await fetch(`${runtime().url}/health`)).status).toBe(200);
  });

  it('answers a 20 KB header with a 431 problem+json', async () => {
    const response = await fetch(`${runtime().url}/health`, {
      headers: { 'x-padding': 'p'.repeat(20 * 1024) },
    });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await readJson(response)).toMatchObject({
      type: 'https://vetted.example/problems/headers-too-large',
      status: 431,
      title: 'Request header fields too large',
    });
  });

  it('lets a client that is still sending its oversize headers read the 431, then closes cleanly', async () => {
    const answer = await rawExchange(
      runtime().port,
      `GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-padding: ${'p'.repeat(256 * 1024)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(answer).toContain('content-type: application/problem+json');
    expect(answer).toContain('connection: close');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431 });
  });

  it('answers what is not HTTP with a 400 problem+json', async () => {
    const answer = await rawExchange(runtime().port, 'HELLO\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400 });
  });

  it('answers HEAD wherever GET is served: the same status and headers, no body', async () => {
    const get = await fetch(`${runtime().url}/v1/articles`);
    const head = await fetch(`${runtime().url}/v1/articles`, { method: 'HEAD' });
    expect(head.status).toBe(get.status);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(Number(head.headers.get('content-length'))).toBe((await get.arrayBuffer()).byteLength);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    // A route with no GET still answers 405, and says HEAD is not allowed there either.
    const post = await fetch(`${runtime().url}/v1/questions`, { method: 'HEAD' });
    expect(post.status).toBe(405);
  });

  it('refuses a body that is not UTF-8 with a 400 naming the body, and stores nothing', async () => {
    const prefix = Buffer.from('{"question":"Do statins cause muscle aches ');
    const body = Buffer.concat([prefix, Buffer.from([0xff, 0xfe]), Buffer.from(' at night?"}')]);
    const response = await fetch(`${runtime().url}/v1/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    expect(await readJson(response)).toMatchObject({
      status: 400,
      errors: [{ path: 'body', message: 'invalid UTF-8' }],
    });
  });

  it('parses integers in query parameters the same on public and review routes', async () => {
    const token = await tokenFor(runtime(), 'limits-reviewer', ['reviewer']);
    const headers = { authorization: `Bearer ${token}` };
    for (const limit of ['0x10', '1e1', '5.0', ' 5', '0', '101']) {
      const review = await fetch(`${runtime().url}/v1/review/queue?limit=${encodeURIComponent(limit)}`, {
        headers,
      });
      expect(review.status, `review limit=${limit}`).toBe(400);
      const articles = await fetch(`${runtime().url}/v1/articles?limit=${encodeURIComponent(limit)}`);
      expect(articles.status, `articles limit=${limit}`).toBe(400);
    }
    expect((await fetch(`${runtime().url}/v1/review/queue?limit=10`, { headers })).status).toBe(200);
  });
});
