import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/http/routes.ts';
import { expectProblem } from '../support/problem.ts';
import { askAndPublish } from '../support/publishing.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

// Two retries about a second apart (±20% jitter): the whole schedule runs in seconds.
const runtime = useRuntime({ env: { WEBHOOK_RETRY_SCHEDULE_S: '1,1' } });
const api = async (method: string, path: string, body?: unknown, roles: Role[] = ['admin']) =>
  request(runtime().url, method, path, {
    ...(body === undefined ? {} : { body }),
    headers: { authorization: `Bearer ${await tokenFor(runtime(), 'admin-ada', roles)}` },
  });

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A team's receiver on this machine: records every delivery; `/flaky` answers 500 to its first two. */
const received: Received[] = [];
let flakyCalls = 0;
const receiver = createServer((incoming, response) => {
  let body = '';
  incoming.on('data', (chunk) => {
    body += chunk;
  });
  incoming.on('end', () => {
    const path = incoming.url ?? '';
    received.push({ path, headers: incoming.headers, body });
    const status = path.startsWith('/flaky') && ++flakyCalls <= 2 ? 500 : 200;
    response.writeHead(status).end();
  });
});
let receiverUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const register = async (path: string, events: string[]) => {
  const response = await api('POST', '/v1/admin/webhooks', { url: `${receiverUrl}${path}`, events });
  expect(response.status).toBe(201);
  return readJson(response) as Promise<{ id: string; secret: string }>;
};

const deliveriesTo = (path: string, type?: string) =>
  received.filter((delivery) => delivery.path === path && (!type || JSON.parse(delivery.body).type === type));

const headersOf = (delivery: Received) => ({
  'webhook-id': String(delivery.headers['webhook-id']),
  'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
  'webhook-signature': String(delivery.headers['webhook-signature']),
});

describe('outbound webhooks on the local runtime', () => {
  it('delivers a published article to a subscribed endpoint, signed so a Standard Webhooks verifier accepts it', async () => {
    const { id, secret } = await register('/site', ['article.published', 'review.requested']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const article = await askAndPublish(runtime(), 'How should I measure my blood pressure at home?');

    const [published] = await eventually(async () => {
      const found = deliveriesTo('/site', 'article.published');
      return found.length > 0 ? found : undefined;
    });
    const payload = new Webhook(secret).verify(published?.body ?? '', headersOf(published as Received)) as {
      id: string;
      type: string;
      data: { slug: string };
    };
    expect(payload.type).toBe('article.published');
    expect(payload.data.slug).toBe(article.slug);
    expect(published?.headers['webhook-id']).toBe(payload.id);
    // The draft entered the review queue first: that is review.requested.
    expect(deliveriesTo('/site', 'review.requested').length).toBeGreaterThan(0);
    // A wrong secret does not verify.
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(
        published?.body ?? '',
        headersOf(published as Received),
      ),
    ).toThrow();

    const listed = await api('GET', '/v1/admin/webhooks');
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).toContain(id);
    expect(text).not.toContain(secret.slice('whsec_'.length, 20));
  });

  it('retries a receiver that answers 500 on the schedule, with the same webhook-id, and shows every attempt', async () => {
    const { id, secret } = await register('/flaky', ['article.published']);
    await askAndPublish(runtime(), 'Do statins cause muscle aches?');
    const attempts = await eventually(async () => {
      const found = deliveriesTo('/flaky');
      return found.length >= 3 ? found : undefined;
    }, 20_000);
    expect(new Set(attempts.map((attempt) => attempt.headers['webhook-id'])).size).toBe(1);
    for (const attempt of attempts)
      expect(new Webhook(secret).verify(attempt.body, headersOf(attempt))).toBeTruthy();
    const seconds = attempts.map((attempt) => Number(attempt.headers['webhook-timestamp']));
    // About a second apart (0.8–1.2 s of jitter, rounded to whole seconds), never at once.
    expect((seconds[1] ?? 0) - (seconds[0] ?? 0)).toBeGreaterThanOrEqual(1);

    const log = await eventually(async () => {
      const { items } = await readJson(await api('GET', `/v1/admin/webhooks/${id}/deliveries`));
      return items.length >= 3 ? items : undefined;
    });
    expect(log.map((item: { attempt: number }) => item.attempt)).toEqual([3, 2, 1]);
    expect(log.map((item: { statusCode: number }) => item.statusCode)).toEqual([200, 500, 500]);
    expect(log[0].nextAttemptAt).toBeUndefined();
    expect(Date.parse(log[2].nextAttemptAt)).toBeGreaterThan(Date.parse(log[2].attemptedAt));
  });

  it('signs with the new and the previous secret after a rotation, so either verifies', async () => {
    const { id, secret: previous } = await register('/rotated', ['article.published']);
    const rotation = await api('POST', `/v1/admin/webhooks/${id}/rotation`);
    expect(rotation.status).toBe(200);
    const { secret } = await readJson(rotation);
    expect(secret).not.toBe(previous);
    await askAndPublish(runtime(), 'What is the first-line treatment for high blood pressure?');
    const [delivery] = await eventually(async () => {
      const found = deliveriesTo('/rotated');
      return found.length > 0 ? found : undefined;
    });
    expect(new Webhook(secret).verify(delivery?.body ?? '', headersOf(delivery as Received))).toBeTruthy();
    expect(new Webhook(previous).verify(delivery?.body ?? '', headersOf(delivery as Received))).toBeTruthy();
  });

  it('refuses a delivery to a private address at delivery time, without connecting', async () => {
    const response = await api('POST', '/v1/admin/webhooks', {
      url: 'http://169.254.169.254/latest/meta-data',
      events: ['article.published'],
    });
    expect(response.status).toBe(201);
    const { id } = await readJson(response);
    await askAndPublish(runtime(), 'Should I take paracetamol or ibuprofen for a sore throat?');
    const [first] = await eventually(async () => {
      const { items } = await readJson(await api('GET', `/v1/admin/webhooks/${id}/deliveries`));
      return items.length > 0 ? items : undefined;
    });
    expect(first.statusCode).toBeUndefined();
    expect(first.error).toMatch(/not a public address/);
  });

  it('answers bad input with field errors, unknown endpoints with 404, and admins only', async () => {
    await expectProblem(
      await api('POST', '/v1/admin/webhooks', { url: 'not a url', events: ['article.published'] }),
      400,
      'url',
    );
    await expectProblem(
      await api('POST', '/v1/admin/webhooks', { url: `${receiverUrl}/x`, events: ['article.deleted'] }),
      400,
    );
    await expectProblem(
      await api('POST', '/v1/admin/webhooks', { url: `${receiverUrl}/x`, events: [] }),
      400,
    );
    await expectProblem(
      await api('POST', '/v1/admin/webhooks', { url: 'ftp://example.org/x', events: ['article.published'] }),
      400,
    );
    await expectProblem(await api('GET', '/v1/admin/webhooks', undefined, ['reviewer']), 403);
    await expectProblem(await api('GET', '/v1/admin/webhooks/not-an-id/deliveries'), 404);

    const { id } = await register('/deleted', ['article.retracted']);
    const deleted = await api('DELETE', `/v1/admin/webhooks/${id}`);
    expect(deleted.status).toBe(204);
    await expectProblem(await api('DELETE', `/v1/admin/webhooks/${id}`), 404);
    await expectProblem(await api('GET', `/v1/admin/webhooks/${id}/deliveries`), 404);
    await expectProblem(await api('POST', `/v1/admin/webhooks/${id}/rotation`), 404);
  });
});
