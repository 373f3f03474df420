/**
 * Outbound webhooks (Standard Webhooks): which bus events a subscriber can
 * receive, under what type, and when a failed delivery is tried again. Pure.
 */

import { ValidationError } from './errors.ts';
import type { Envelope } from './event-envelope.ts';

/** What a subscriber can subscribe to: the bus's events as a front-end team names them. */
export const WEBHOOK_EVENT_TYPES = [
  'article.published',
  'article.revised',
  'article.retracted',
  'review.requested',
  'feedback.received',
  'question.failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Most endpoints one deployment holds: a delivery reads them all (one Query), so the number is bounded. */
export const MAX_WEBHOOK_ENDPOINTS = 50;

/** An endpoint failing this long without one success is disabled. */
export const DISABLE_AFTER_FAILING_MS = 24 * 60 * 60 * 1000;

/** How long the previous secret still signs after a rotation, so receivers can switch over. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

/** Standard Webhooks' suggested schedule after the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (~27.6 h). */
export const DEFAULT_RETRY_SCHEDULE = '5,300,1800,7200,18000,36000,36000';

export interface WebhookSecret {
  /** `whsec_<base64>`, as every Standard Webhooks library reads it. */
  secret: string;
  /** A previous secret signs until then; the current one has none. */
  expiresAt?: string;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  description?: string;
  status: 'active' | 'disabled';
  createdAt: string;
  /** Since when every attempt failed; absent while the endpoint is healthy. */
  failingSince?: string;
  disabledAt?: string;
}

/** An endpoint as stored: with the secrets that sign its deliveries, which no read returns. */
export interface StoredWebhookEndpoint extends WebhookEndpoint {
  secrets: WebhookSecret[];
}

/** What a subscriber receives: the bus's envelope, typed as the subscriber subscribed. */
export interface WebhookEvent extends Envelope {
  type: WebhookEventType;
}

export interface DeliveryAttempt {
  endpointId: string;
  /** The event's id: the `webhook-id` of every attempt, so receivers deduplicate on it. */
  eventId: string;
  eventType: WebhookEventType;
  attempt: number;
  attemptedAt: string;
  /** The receiver's HTTP status; absent when no response came (timeout, refused connection, blocked address). */
  statusCode?: number;
  /** Why no response came, in words an admin can act on. */
  error?: string;
  durationMs: number;
  /** When the next attempt is due; absent after a success or the last attempt. */
  nextAttemptAt?: string;
}

/** The webhook type of a bus event, or undefined when subscribers never see it. */
export function webhookTypeOf(event: Envelope): WebhookEventType | undefined {
  switch (event.type) {
    case 'article.published': {
      const version = (event.data as { version?: unknown }).version;
      return typeof version === 'number' && version > 1 ? 'article.revised' : 'article.published';
    }
    case 'article.retracted':
      return 'article.retracted';
    // A generated draft enters the review queue: what teams wire to Slack or email.
    case 'draft.generated':
      return 'review.requested';
    case 'feedback.received':
      return 'feedback.received';
    case 'question.failed':
      return 'question.failed';
    default:
      return undefined;
  }
}

/** `WEBHOOK_RETRY_SCHEDULE_S`: whole seconds between attempts, comma-separated. */
export function parseRetrySchedule(text: string | undefined): number[] {
  const value = (text ?? DEFAULT_RETRY_SCHEDULE).trim();
  const delays = value.split(',').map((part) => part.trim());
  if (value === '' || delays.some((delay) => !/^\d{1,6}$/.test(delay) || Number(delay) === 0))
    throw new Error(
      `WEBHOOK_RETRY_SCHEDULE_S must be whole seconds between attempts, comma-separated (e.g. ${DEFAULT_RETRY_SCHEDULE}); got "${text}"`,
    );
  return delays.map(Number);
}

/**
 * Seconds until the attempt after `attempt` (1 = the first), with ±20% jitter so that
 * endpoints failing together do not retry together; undefined when that was the last.
 */
export function retryDelaySeconds(
  schedule: readonly number[],
  attempt: number,
  random: () => number = Math.random,
): number | undefined {
  const base = schedule[attempt - 1];
  if (base === undefined) return undefined;
  return Math.max(1, Math.round(base * (0.8 + 0.4 * random())));
}

/** An endpoint that has failed since `failingSince` is disabled once that is a day ago. */
export const failingTooLong = (failingSince: string | undefined, now: Date): boolean =>
  failingSince !== undefined && now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_FAILING_MS;

/** The secrets that sign now: the current one, and a previous one within its grace period. */
export const signingSecrets = (secrets: readonly WebhookSecret[], now: Date): string[] =>
  secrets
    .filter((secret) => secret.expiresAt === undefined || Date.parse(secret.expiresAt) > now.getTime())
    .map((secret) => secret.secret);

/**
 * Where deliveries may go. `public`: https to a named host (addresses are checked again at
 * delivery, when the name is resolved). `loopback`: also http, and 127.0.0.1/localhost (local
 * development against a receiver on this machine).
 */
export type WebhookTargetPolicy = 'public' | 'loopback';

export function assertWebhookUrl(url: string, policy: WebhookTargetPolicy): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError('url must be an absolute URL', [{ path: 'url', message: 'not a URL' }]);
  }
  const refuse = (message: string): never => {
    throw new ValidationError(`url ${message}`, [{ path: 'url', message }]);
  };
  const schemes = policy === 'public' ? ['https:'] : ['https:', 'http:'];
  if (!schemes.includes(parsed.protocol))
    refuse(`must use ${schemes.map((s) => s.slice(0, -1)).join(' or ')}`);
  if (parsed.username || parsed.password) refuse('must not carry credentials');
  if (policy === 'public' && /^(localhost|[\d.]+|\[.*\])$/i.test(parsed.hostname))
    refuse('must name a public host, not an address or localhost');
  return parsed;
}
