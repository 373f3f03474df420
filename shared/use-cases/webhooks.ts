/**
 * Admin use cases of outbound webhooks: register an endpoint (its secret is
 * shown once, in the answer to this call), list them, read an endpoint's
 * recent deliveries, rotate its secret, delete it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import {
  assertWebhookUrl,
  type DeliveryAttempt,
  MAX_WEBHOOK_ENDPOINTS,
  ROTATION_GRACE_MS,
  type StoredWebhookEndpoint,
  type WebhookEndpoint,
  type WebhookEventType,
  type WebhookTargetPolicy,
} from '../domain/webhook.ts';
import type { WebhookStore } from '../ports/webhooks.ts';

export interface WebhookAdminDeps {
  webhooks: WebhookStore;
  policy: WebhookTargetPolicy;
  now: () => Date;
}

export interface RegisterWebhook {
  url: string;
  events: WebhookEventType[];
  description?: string;
}

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

const publicView = ({ secrets: _secrets, ...endpoint }: StoredWebhookEndpoint): WebhookEndpoint => endpoint;

export async function registerWebhook(
  deps: WebhookAdminDeps,
  input: RegisterWebhook,
): Promise<WebhookEndpoint & { secret: string }> {
  assertWebhookUrl(input.url, deps.policy);
  const secret = newSecret();
  const endpoint: StoredWebhookEndpoint = {
    id: randomUUID(),
    url: input.url,
    events: [...new Set(input.events)],
    ...(input.description ? { description: input.description } : {}),
    status: 'active',
    createdAt: deps.now().toISOString(),
    secrets: [{ secret }],
  };
  if (!(await deps.webhooks.create(endpoint)))
    throw new ConflictError(`At most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints can be registered`);
  return { ...publicView(endpoint), secret };
}

export async function listWebhooks(deps: WebhookAdminDeps): Promise<{ items: WebhookEndpoint[] }> {
  const endpoints = await deps.webhooks.list();
  return {
    items: endpoints.map(publicView).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  };
}

export async function webhookDeliveries(
  deps: WebhookAdminDeps,
  id: string,
  limit: number,
): Promise<{ items: DeliveryAttempt[] }> {
  if (!(await deps.webhooks.get(id))) throw new NotFoundError(`No webhook endpoint with id ${id}`);
  return { items: await deps.webhooks.deliveries(id, limit) };
}

/** A new secret signs from now on; the previous one keeps signing for ROTATION_GRACE_MS beside it. */
export async function rotateWebhookSecret(
  deps: WebhookAdminDeps,
  id: string,
): Promise<{ id: string; secret: string; previousSecretExpiresAt: string }> {
  const endpoint = await deps.webhooks.get(id);
  if (!endpoint) throw new NotFoundError(`No webhook endpoint with id ${id}`);
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + ROTATION_GRACE_MS).toISOString();
  const current = endpoint.secrets.find((secret) => secret.expiresAt === undefined);
  const secret = newSecret();
  const rotated = await deps.webhooks.setSecrets(id, [
    { secret },
    ...(current ? [{ secret: current.secret, expiresAt }] : []),
  ]);
  if (!rotated) throw new NotFoundError(`No webhook endpoint with id ${id}`);
  return { id, secret, previousSecretExpiresAt: expiresAt };
}

export async function deleteWebhook(deps: WebhookAdminDeps, id: string): Promise<void> {
  if (!(await deps.webhooks.delete(id))) throw new NotFoundError(`No webhook endpoint with id ${id}`);
}
