import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { WebhookTargetPolicy } from '../../domain/webhook.ts';
import type { DeliveryResult, SignedDelivery, WebhookSender } from '../../ports/webhooks.ts';
import { guardedLookup, isAllowedAddress } from './address-policy.ts';

const TIMEOUT_MS = 10_000;

/**
 * Delivers over HTTP(S), signed per Standard Webhooks by the `standardwebhooks`
 * package (`webhook-id`, `webhook-timestamp`, `webhook-signature`; one `v1,`
 * signature per valid secret, space-separated). The address a name resolves
 * to is checked by the socket's own lookup (address-policy.ts).
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly lookup;

  constructor(
    private readonly policy: WebhookTargetPolicy,
    private readonly timeoutMs = TIMEOUT_MS,
  ) {
    this.lookup = guardedLookup(policy);
  }

  send(delivery: SignedDelivery): Promise<DeliveryResult> {
    const body = JSON.stringify(delivery.event);
    const signature = delivery.secrets
      .map((secret) => new Webhook(secret).sign(delivery.event.id, delivery.at, body))
      .join(' ');
    const url = new URL(delivery.url);
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    // A literal address is connected to without a lookup, so it is judged here.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) !== 0 && !isAllowedAddress(literal, this.policy))
      return Promise.resolve({ error: `${literal} is not a public address`, durationMs: durationMs() });
    return new Promise((resolve) => {
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          lookup: this.lookup,
          timeout: this.timeoutMs,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'Vetted-Webhooks/1',
            'webhook-id': delivery.event.id,
            'webhook-timestamp': String(Math.floor(delivery.at.getTime() / 1000)),
            'webhook-signature': signature,
          },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ statusCode: response.statusCode ?? 0, durationMs: durationMs() }),
          );
          response.on('error', (error) => resolve({ error: error.message, durationMs: durationMs() }));
        },
      );
      request.on('timeout', () =>
        request.destroy(new Error(`no response within ${this.timeoutMs / 1000} s`)),
      );
      request.on('error', (error) => resolve({ error: error.message, durationMs: durationMs() }));
      request.end(body);
    });
  }
}
