import { describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER } from '../../shared/http/origin-verify.ts';
import { expectProblem } from '../support/problem.ts';
import { readJson, request, useRuntime } from '../support/runtime.ts';

/**
 * Origin verify on the local runtime, configured as the CDK app configures the API behind
 * CloudFront: an anonymous write without CloudFront's secret header went around the CDN (and its
 * WAF rate rule) and is refused with 403; reads and the header-bearing writes are served.
 */
const SECRET = 'a-long-origin-verify-secret-0123456789';
const runtime = useRuntime({ env: { ORIGIN_VERIFY_SECRET: SECRET } });
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
// Digits only: a random word of letters can read as a clinical term the library lacks, and refuse the question.
const run = String(Date.now());

describe('origin verify', () => {
  it('refuses an ask without the header, or with a wrong one, before reading it', async () => {
    const body = { question: `How should I store insulin pens when travelling ${run}?` };
    await expectProblem(await api('POST', '/v1/questions', { body }), 403);
    await expectProblem(
      await api('POST', '/v1/questions', { body, headers: { [ORIGIN_VERIFY_HEADER]: `${SECRET}x` } }),
      403,
    );
    // Refused before the body is looked at: a malformed body is 403 too, not 400.
    await expectProblem(
      await api('POST', '/v1/questions', { rawBody: '{', headers: { 'content-type': 'application/json' } }),
      403,
    );
  });

  it('accepts the ask through the CDN, and serves reads without the header', async () => {
    const asked = await api('POST', '/v1/questions', {
      body: { question: `Can I take ibuprofen with high blood pressure ${run}?` },
      headers: { [ORIGIN_VERIFY_HEADER]: SECRET },
    });
    expect(asked.status).toBe(202);
    const { id } = await readJson(asked);
    expect((await api('GET', `/v1/questions/${id}`)).status).toBe(200);
    expect((await api('GET', '/v1/articles?limit=1')).status).toBe(200);
  });

  it('covers reader feedback, the other anonymous write', async () => {
    await expectProblem(
      await api('POST', '/v1/articles/no-such-article/feedback', {
        body: { kind: 'error', message: 'The dose in the second section looks wrong.' },
      }),
      403,
    );
  });
});
