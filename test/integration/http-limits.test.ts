import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { readJson, useRuntime } from '../support/runtime.ts';

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
});
