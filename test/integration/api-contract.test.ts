import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAsyncApiDocument } from '../../events/asyncapi.ts';
import { eventContracts } from '../../events/contracts.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

const run = promisify(execFile);
const runtime = useRuntime();
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
const scratch = mkdtempSync(join(tmpdir(), 'vetted-contract-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the served OpenAPI document', () => {
  it('passes Spectral (spectral:oas) with no errors and no warnings', async () => {
    const response = await api('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const file = join(scratch, 'openapi.json');
    writeFileSync(file, JSON.stringify(await readJson(response)));
    const { stdout } = await run(
      'node_modules/.bin/spectral',
      ['lint', file, '--ruleset', '.spectral.yaml', '--format', 'json', '--fail-severity', 'warn', '--quiet'],
      { env: { ...process.env, SPECTRAL_DISABLE_TELEMETRY: 'true' } },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
    const results = JSON.parse(stdout.trim() || '[]') as { code: string; message: string; path: string[] }[];
    expect(results.map((r) => `${r.code}: ${r.message} at ${r.path.join('.')}`)).toEqual([]);
  }, 120_000);
});

describe('CORS in the local runtime', () => {
  const origin = 'http://localhost:5173';

  it('answers a preflight from another local origin and lets its request through', async () => {
    const preflight = await api('OPTIONS', '/v1/questions', {
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')?.split(',')).toEqual(
      expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE']),
    );
    expect(preflight.headers.get('access-control-allow-headers')?.split(',')).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'if-none-match']),
    );

    const asked = await api('POST', '/v1/questions', {
      body: { question: `Can a browser ask about ankle sprains? ${Date.now()}` },
      headers: { origin, 'idempotency-key': `cors-${Date.now()}` },
    });
    expect(asked.status).toBe(202);
    expect(asked.headers.get('access-control-allow-origin')).toBe(origin);
    expect(asked.headers.get('access-control-expose-headers')?.split(',')).toEqual([
      'etag',
      'location',
      'retry-after',
      'ratelimit',
      'ratelimit-policy',
    ]);
    const problem = await api('GET', '/v1/articles/no-such-article', { headers: { origin } });
    expect(problem.status).toBe(404);
    expect(problem.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('gives an origin outside CORS_ORIGINS no CORS headers', async () => {
    const origin = 'https://elsewhere.example';
    const preflight = await api('OPTIONS', '/v1/questions', {
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await api('GET', '/health', { headers: { origin } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the AsyncAPI document', () => {
  const document = buildAsyncApiDocument();
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validators = new Map<string, ValidateFunction>(
    Object.values(document.components.messages).map((message) => [
      message.name,
      ajv.compile(message.payload),
    ]),
  );

  it('describes every event a publish cycle puts on the bus (and a retraction, once it has a contract)', async () => {
    const asked = await api('POST', '/v1/questions', {
      // A question the demo library answers (the publish gate refuses an unsupported draft); digits keep it unique.
      body: { question: `What side effects can the influenza vaccine cause? ${Date.now()}` },
    });
    const { id } = await readJson(asked);
    const detail = await eventually(async () => {
      const body = await readJson(
        await api('GET', `/v1/review/questions/${id}`, {
          headers: { authorization: `Bearer ${await tokenFor(runtime(), 'dr-events', ['reviewer'])}` },
        }),
      );
      return body.question?.status === 'in_review' ? body : undefined;
    });
    const decided = await api('POST', `/v1/review/questions/${id}/decisions`, {
      body: { revision: detail.question.currentRevision, decision: 'approve' },
      headers: { authorization: `Bearer ${await tokenFor(runtime(), 'dr-events', ['reviewer'])}` },
    });
    expect(decided.status).toBe(201);
    const published = await eventually(async () => {
      const question = await readJson(await api('GET', `/v1/questions/${id}`));
      return question.status === 'published' ? question : undefined;
    });
    const retracted = await api('DELETE', `/v1/admin/articles/${published.articleSlug}`, {
      body: { reason: 'Contract test' },
      headers: { authorization: `Bearer ${await tokenFor(runtime(), 'admin-events', ['admin'])}` },
    });
    expect(retracted.status).toBe(200);

    const retractionHasContract = 'article.retracted' in eventContracts;
    const events = await eventually(async () => {
      const mine = runtime().bus.published.filter(
        (event) =>
          event.subject === id ||
          event.subject === published.articleSlug ||
          (event.data as { questionId?: string }).questionId === id,
      );
      const types = new Set(mine.map((event) => event.type as string));
      const done =
        types.has('article.published') && (!retractionHasContract || types.has('article.retracted'));
      return done ? mine : undefined;
    });
    for (const event of events) {
      const validate = validators.get(event.type);
      expect(validate, `${event.type} is in the AsyncAPI document`).toBeDefined();
      expect(validate?.(event), `${event.type}: ${JSON.stringify(validate?.errors)}`).toBe(true);
    }
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'question.submitted',
        'draft.generated',
        'review.decided',
        'article.published',
      ]),
    );
  });
});
