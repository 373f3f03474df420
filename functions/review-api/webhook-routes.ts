import type { ApiRequest } from '../../shared/http/api-handler.ts';
import { webhookBody, webhookDeliveriesQuery } from '../../shared/http/contracts/requests/webhooks.ts';
import { pathUuid } from '../../shared/http/path-params.ts';
import { reply } from '../../shared/http/reply.ts';
import { parseOr400 } from '../../shared/http/validation.ts';
import {
  deleteWebhook,
  listWebhooks,
  registerWebhook,
  rotateWebhookSecret,
  type WebhookAdminDeps,
  webhookDeliveries,
} from '../../shared/use-cases/webhooks.ts';

/** The admin routes of outbound webhooks. */
export const webhookRoutes = (deps: WebhookAdminDeps) => {
  return {
    'POST /v1/admin/webhooks': async (request: ApiRequest) => {
      const input = parseOr400(webhookBody, request.body ?? {}, 'body');
      return reply('POST /v1/admin/webhooks', 201, await registerWebhook(deps, input));
    },
    'GET /v1/admin/webhooks': async () => reply('GET /v1/admin/webhooks', 200, await listWebhooks(deps)),
    'GET /v1/admin/webhooks/{id}/deliveries': async (request: ApiRequest) => {
      const { limit } = parseOr400(webhookDeliveriesQuery, request.query, 'query');
      return reply(
        'GET /v1/admin/webhooks/{id}/deliveries',
        200,
        await webhookDeliveries(deps, pathUuid(request, 'webhook endpoint'), limit),
      );
    },
    'POST /v1/admin/webhooks/{id}/rotation': async (request: ApiRequest) =>
      reply(
        'POST /v1/admin/webhooks/{id}/rotation',
        200,
        await rotateWebhookSecret(deps, pathUuid(request, 'webhook endpoint')),
      ),
    'DELETE /v1/admin/webhooks/{id}': async (request: ApiRequest) => {
      await deleteWebhook(deps, pathUuid(request, 'webhook endpoint'));
      return reply('DELETE /v1/admin/webhooks/{id}', 204, undefined);
    },
  };
};
