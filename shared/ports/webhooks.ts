import type {
  DeliveryAttempt,
  StoredWebhookEndpoint,
  WebhookEvent,
  WebhookSecret,
} from '../domain/webhook.ts';

/** The endpoints and their delivery log. */
export interface WebhookStore {
  /** Creates it unless MAX_WEBHOOK_ENDPOINTS exist already (false then). */
  create(endpoint: StoredWebhookEndpoint): Promise<boolean>;
  /** Every endpoint (one Query: at most MAX_WEBHOOK_ENDPOINTS). */
  list(): Promise<StoredWebhookEndpoint[]>;
  get(id: string): Promise<StoredWebhookEndpoint | undefined>;
  /** Replaces the secrets; undefined when the endpoint does not exist. */
  setSecrets(id: string, secrets: WebhookSecret[]): Promise<StoredWebhookEndpoint | undefined>;
  /** False when there was none. */
  delete(id: string): Promise<boolean>;
  /** Records an attempt and the endpoint's health after it. */
  recordAttempt(attempt: DeliveryAttempt, health: EndpointHealth): Promise<void>;
  /** The most recent attempts, newest first. */
  deliveries(id: string, limit: number): Promise<DeliveryAttempt[]>;
  /** An event whose last attempt failed: kept for an admin to look at (and alarmed on). */
  deadLetter(attempt: DeliveryAttempt, event: WebhookEvent): Promise<void>;
}

/** What an attempt does to an endpoint's health: back to healthy, failing since a time, or disabled. */
export type EndpointHealth =
  | { kind: 'healthy' }
  | { kind: 'failing'; since: string }
  | { kind: 'disabled'; since: string; at: string };

export interface SignedDelivery {
  url: string;
  event: WebhookEvent;
  /** Each secret signs; receivers verify with any one of them. */
  secrets: string[];
  at: Date;
}

export type DeliveryResult =
  | { statusCode: number; durationMs: number }
  | { error: string; durationMs: number };

/** Sends one signed delivery (Standard Webhooks headers) and reports what came back. Never throws. */
export interface WebhookSender {
  send(delivery: SignedDelivery): Promise<DeliveryResult>;
}

/** A later attempt of one event to one endpoint. */
export interface WebhookRetry {
  kind: 'webhook.retry';
  endpointId: string;
  attempt: number;
  /** Not before then: a queue's delay is capped (15 minutes in SQS), so an early one waits again. */
  notBefore: string;
  event: WebhookEvent;
}

export interface WebhookRetryQueue {
  schedule(retry: WebhookRetry, delaySeconds: number): Promise<void>;
}
