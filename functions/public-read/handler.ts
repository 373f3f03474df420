import { createApiHandler, createLogger } from '../../shared/http/api-handler.ts';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';
import { requestBodySchemas } from '../../shared/http/request-schemas.ts';
import { lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';

export const createHandler = (_platform: Platform) => {
  const openApi = buildOpenApiDocument(requestBodySchemas());
  return createApiHandler({
    logger: createLogger('public-read'),
    handlers: {
      'GET /health': async () => ({ statusCode: 200, body: { status: 'ok' } }),
      'GET /openapi.json': async () => ({ statusCode: 200, body: openApi }),
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform()));
