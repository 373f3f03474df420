import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../support/problem.ts';
import { request, useRuntime } from '../support/runtime.ts';

const LIMIT = 5;
let clock = Date.parse('2026-12-01T09:00:00Z');

const ask = (url: string, n: number) =>
  request(url, 'POST', '/v1/questions', {
    body: { question: `How often should blood pressure be checked at home, case ${n}?` },
  });

/** A POST from another loopback address (a second client): node:http lets a client pick its source address. */
const askFrom = (port: number, localAddress: string, n: number) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>(
    (resolve, reject) => {
      const body = JSON.stringify({ question: `Is a home blood pressure cuff accurate, case ${n}?` });
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          localAddress,
          method: 'POST',
          path: '/v1/questions',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
        },
      );
      req.on('error', reject);
      req.end(body);
    },
  );

describe('the per-client limit on anonymous writes (RATE_LIMIT_PER_MINUTE)', () => {
  const runtime = useRuntime({
    consumers: false,
    env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) },
    gatewayClock: () => clock,
  });

  it('refuses a burst past the limit with 429, Retry-After and RateLimit fields; another client is served; a minute later the first is too', async () => {
    const { url, port } = runtime();
    const accepted = [];
    for (let n = 0; n < LIMIT; n++) {
      const response = await ask(url, n);
      accepted.push(response.status);
      expect(response.headers.get('ratelimit-policy')).toBe(`"anonymous-writes";q=${LIMIT};w=60`);
      expect(response.headers.get('ratelimit')).toBe(`"anonymous-writes";r=${LIMIT - n - 1};t=60`);
    }
    expect(accepted).toEqual(Array(LIMIT).fill(202));

    clock += 20_000;
    const refused = await ask(url, LIMIT);
    const problem = await expectProblem(refused, 429);
    expect(problem.type).toBe('https://vetted.example/problems/too-many-requests');
    expect(refused.headers.get('retry-after')).toBe('40');
    expect(refused.headers.get('ratelimit')).toBe('"anonymous-writes";r=0;t=40');
    // Reads are not anonymous writes: the client still reads.
    expect((await request(url, 'GET', '/v1/articles')).status).toBe(200);

    const other = await askFrom(port, '127.0.0.2', 0);
    expect(other.status).toBe(202);
    expect(other.headers.ratelimit).toBe(`"anonymous-writes";r=${LIMIT - 1};t=60`);

    clock += 40_000;
    expect((await ask(url, LIMIT + 1)).status).toBe(202);
  });
});
