import { describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../events/contracts.ts';
import { isAllowedAddress } from '../../shared/adapters/webhooks/address-policy.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import {
  assertWebhookUrl,
  type DeliveryAttempt,
  failingTooLong,
  parseRetrySchedule,
  retryDelaySeconds,
  type StoredWebhookEndpoint,
  signingSecrets,
  type WebhookEvent,
  webhookTypeOf,
} from '../../shared/domain/webhook.ts';
import type {
  DeliveryResult,
  EndpointHealth,
  SignedDelivery,
  WebhookRetry,
  WebhookStore,
} from '../../shared/ports/webhooks.ts';
import { deliverBusEvent, deliverRetry } from '../../shared/use-cases/deliver-webhooks.ts';

const envelope = (type: string, data: Record<string, unknown> = {}) => ({
  id: 'evt-1',
  type,
  version: 1,
  occurredAt: '2026-12-02T10:00:00.000Z',
  subject: 's',
  data,
});

describe('webhook event types', () => {
  it('names a first publication article.published, a later version article.revised', () => {
    expect(webhookTypeOf(envelope('article.published', { version: 1 }))).toBe('article.published');
    expect(webhookTypeOf(envelope('article.published', { version: 3 }))).toBe('article.revised');
    expect(webhookTypeOf(envelope('article.retracted', { version: 2 }))).toBe('article.retracted');
    expect(webhookTypeOf(envelope('draft.generated'))).toBe('review.requested');
    expect(webhookTypeOf(envelope('question.failed'))).toBe('question.failed');
    expect(webhookTypeOf(envelope('feedback.received'))).toBe('feedback.received');
  });

  it('offers nothing for internal events', () => {
    for (const type of ['question.submitted', 'draft.requested', 'review.decided', 'webhook.disabled'])
      expect(webhookTypeOf(envelope(type))).toBeUndefined();
  });
});

describe('the retry schedule', () => {
  it('reads whole seconds, comma-separated, and defaults to about a day of attempts', () => {
    expect(parseRetrySchedule('1, 2,30')).toEqual([1, 2, 30]);
    const total = parseRetrySchedule(undefined).reduce((sum, seconds) => sum + seconds, 0);
    expect(total / 3600).toBeGreaterThan(20);
    expect(total / 3600).toBeLessThan(30);
  });

  it.each(['', '1,,2', '0', '-5', '1.5', 'soon', '1;2'])('refuses %j with the variable named', (text) => {
    expect(() => parseRetrySchedule(text)).toThrow(/WEBHOOK_RETRY_SCHEDULE_S/);
  });

  it('jitters each delay within ±20% and ends after the last', () => {
    expect(retryDelaySeconds([100, 200], 1, () => 0)).toBe(80);
    expect(retryDelaySeconds([100, 200], 1, () => 1)).toBe(120);
    expect(retryDelaySeconds([100, 200], 2, () => 0.5)).toBe(200);
    expect(retryDelaySeconds([100, 200], 3, () => 0.5)).toBeUndefined();
    expect(retryDelaySeconds([1], 1, () => 0)).toBe(1);
  });
});

describe('endpoint health and secrets', () => {
  it('disables an endpoint failing for a day, not before', () => {
    const since = '2026-12-01T10:00:00.000Z';
    expect(failingTooLong(undefined, new Date('2026-12-09T00:00:00Z'))).toBe(false);
    expect(failingTooLong(since, new Date('2026-12-02T09:59:59Z'))).toBe(false);
    expect(failingTooLong(since, new Date('2026-12-02T10:00:00Z'))).toBe(true);
  });

  it('signs with the current secret and a previous one until it expires', () => {
    const secrets = [{ secret: 'new' }, { secret: 'old', expiresAt: '2026-12-03T00:00:00.000Z' }];
    expect(signingSecrets(secrets, new Date('2026-12-02T00:00:00Z'))).toEqual(['new', 'old']);
    expect(signingSecrets(secrets, new Date('2026-12-03T00:00:00Z'))).toEqual(['new']);
  });
});

describe('webhook URLs', () => {
  it('takes https to a named host in AWS, and refuses http, addresses, localhost and credentials', () => {
    expect(assertWebhookUrl('https://hooks.example.org/x', 'public').hostname).toBe('hooks.example.org');
    for (const url of [
      'http://hooks.example.org/x',
      'https://10.0.0.5/x',
      'https://[::1]/x',
      'https://localhost/x',
      'https://user:pass@hooks.example.org/x',
      'ftp://hooks.example.org/x',
      'not a url',
    ])
      expect(() => assertWebhookUrl(url, 'public'), url).toThrow(ValidationError);
  });

  it('takes http to 127.0.0.1 locally', () => {
    expect(assertWebhookUrl('http://127.0.0.1:8080/hook', 'loopback').port).toBe('8080');
  });
});

describe('addresses a delivery may connect to', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    'fd00::1',
    'fe80::1',
    '::',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
  ])('refuses %s whatever the policy', (address) => {
    expect(isAllowedAddress(address, 'public')).toBe(false);
    expect(isAllowedAddress(address, 'loopback')).toBe(false);
  });

  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])(
    'allows loopback %s only locally',
    (address) => {
      expect(isAllowedAddress(address, 'public')).toBe(false);
      expect(isAllowedAddress(address, 'loopback')).toBe(true);
    },
  );

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111'])('allows public %s', (address) => {
    expect(isAllowedAddress(address, 'public')).toBe(true);
  });

  it('refuses what is not an address', () => {
    expect(isAllowedAddress('example.org', 'public')).toBe(false);
  });
});

/** The ports in memory: a unit test of the delivery rules. */
function fakes(answers: DeliveryResult[], endpoint: Partial<StoredWebhookEndpoint> = {}) {
  const stored: StoredWebhookEndpoint = {
    id: 'ep-1',
    url: 'https://hooks.example.org/x',
    events: ['article.published'],
    status: 'active',
    createdAt: '2026-11-01T00:00:00.000Z',
    secrets: [{ secret: 'whsec_AAAA' }],
    ...endpoint,
  };
  const log = {
    sent: [] as SignedDelivery[],
    attempts: [] as { attempt: DeliveryAttempt; health: EndpointHealth }[],
    retries: [] as { retry: WebhookRetry; delay: number }[],
    dead: [] as DeliveryAttempt[],
    published: [] as AnyEvent[],
  };
  const webhooks: WebhookStore = {
    create: async () => true,
    list: async () => [stored],
    get: async (id) => (id === stored.id ? stored : undefined),
    setSecrets: async () => stored,
    delete: async () => true,
    recordAttempt: async (attempt, health) => {
      log.attempts.push({ attempt, health });
    },
    deliveries: async () => [],
    deadLetter: async (attempt) => {
      log.dead.push(attempt);
    },
  };
  let now = new Date('2026-12-02T10:00:00.000Z');
  const deps = {
    webhooks,
    sender: {
      send: async (delivery: SignedDelivery) => {
        log.sent.push(delivery);
        return answers.shift() ?? { statusCode: 200, durationMs: 1 };
      },
    },
    retries: {
      schedule: async (retry: WebhookRetry, delay: number) => {
        log.retries.push({ retry, delay });
      },
    },
    events: {
      publish: async (event: AnyEvent) => {
        log.published.push(event);
      },
    },
    schedule: [5, 600, 3600],
    now: () => now,
    random: () => 0.5,
  };
  return { deps, log, setNow: (at: string) => (now = new Date(at)) };
}

const published = envelope('article.published', { version: 1, slug: 'a' });

const retryOf = (attempt: number, notBefore = '2026-12-02T10:00:00.000Z'): WebhookRetry => ({
  kind: 'webhook.retry',
  endpointId: 'ep-1',
  attempt,
  notBefore,
  event: { ...published, type: 'article.published' } as WebhookEvent,
});

describe('delivering an event', () => {
  it('offers it only to active endpoints subscribed to its type', async () => {
    const { deps, log } = fakes([], { events: ['article.retracted'] });
    expect((await deliverBusEvent(deps, published)).attempts).toEqual([]);
    expect(log.sent).toEqual([]);
  });

  it('schedules the next attempt of a failure with the same event, and records when it is due', async () => {
    const { deps, log } = fakes([{ statusCode: 503, durationMs: 3 }]);
    expect((await deliverBusEvent(deps, published)).attempts).toEqual(['retrying']);
    expect(log.retries).toHaveLength(1);
    const [{ retry, delay } = { retry: undefined, delay: 0 }] = log.retries;
    expect(delay).toBe(5);
    expect(retry).toMatchObject({ kind: 'webhook.retry', endpointId: 'ep-1', attempt: 2 });
    expect(retry?.event.id).toBe('evt-1');
    expect(log.attempts[0]?.attempt).toMatchObject({
      attempt: 1,
      statusCode: 503,
      nextAttemptAt: '2026-12-02T10:00:05.000Z',
    });
    expect(log.attempts[0]?.health).toEqual({ kind: 'failing', since: '2026-12-02T10:00:00.000Z' });
  });

  it('waits again when a retry arrives before it is due (a queue delay is capped at 900 s)', async () => {
    const { deps, log } = fakes([]);
    const retry = retryOf(3, '2026-12-02T11:00:00.000Z');
    expect(await deliverRetry(deps, retry)).toBe('waiting');
    expect(log.sent).toEqual([]);
    expect(log.retries[0]?.delay).toBe(900);
  });

  it('dead-letters after the last attempt', async () => {
    const { deps, log } = fakes([{ error: 'connect ECONNREFUSED', durationMs: 1 }]);
    const retry = retryOf(4, '2026-12-02T10:00:00.000Z');
    expect(await deliverRetry(deps, retry)).toBe('dead-lettered');
    expect(log.retries).toEqual([]);
    expect(log.dead[0]).toMatchObject({ attempt: 4, error: 'connect ECONNREFUSED' });
    expect(log.attempts[0]?.attempt.nextAttemptAt).toBeUndefined();
  });

  it('disables an endpoint failing for a day and says so on the bus, once per failing spell', async () => {
    const { deps, log } = fakes([{ statusCode: 500, durationMs: 1 }], {
      failingSince: '2026-12-01T09:00:00.000Z',
    });
    expect((await deliverBusEvent(deps, published)).attempts).toEqual(['disabled']);
    expect(log.attempts[0]?.health).toMatchObject({ kind: 'disabled', since: '2026-12-01T09:00:00.000Z' });
    expect(log.retries).toEqual([]);
    expect(log.published).toHaveLength(1);
    expect(log.published[0]).toMatchObject({
      type: 'webhook.disabled',
      id: 'webhook-disabled-ep-1-2026-12-01T09:00:00.000Z',
      data: { endpointId: 'ep-1' },
    });
  });

  it('ends a retry whose endpoint was deleted or disabled meanwhile', async () => {
    const { deps, log } = fakes([], { status: 'disabled' });
    const retry = retryOf(2, '2026-12-02T10:00:00.000Z');
    expect(await deliverRetry(deps, retry)).toBe('endpoint-gone');
    expect(await deliverRetry(deps, { ...retry, endpointId: 'gone' })).toBe('endpoint-gone');
    expect(log.sent).toEqual([]);
  });

  it('marks the endpoint healthy again after a success', async () => {
    const { deps, log } = fakes([{ statusCode: 204, durationMs: 1 }], {
      failingSince: '2026-12-02T09:00:00.000Z',
    });
    expect((await deliverBusEvent(deps, published)).attempts).toEqual(['delivered']);
    expect(log.attempts[0]?.health).toEqual({ kind: 'healthy' });
    expect(log.sent[0]?.secrets).toEqual(['whsec_AAAA']);
  });
});
