import * as z from '../zod.ts';
import { operations } from './contracts/index.ts';
import { type OperationContract, REQUEST_HEADERS, RESPONSE_HEADERS } from './contracts/operation-contract.ts';
import { responseRegistry } from './contracts/response-parts.ts';
import { JSON_CONTENT_TYPE, PROBLEM_CONTENT_TYPE } from './problem.ts';
import { isAnonymousWrite, type Route, type RouteKey, routeKey, routes } from './routes.ts';

export const JSON_MEDIA_TYPE = JSON_CONTENT_TYPE.split(';')[0] as string;

/** Tags group operations for front-end teams: what anyone may call, what reviewers and editors call, admin. */
export const TAGS = [
  { name: 'public', description: 'Ask questions and read published articles; no token' },
  { name: 'review', description: 'Reviewers and editors (Bearer JWT with the role)' },
  { name: 'admin', description: 'Administrators (Bearer JWT with the admin role)' },
] as const;

const tagOf = (route: Route): (typeof TAGS)[number]['name'] =>
  route.role === undefined ? 'public' : route.role === 'admin' ? 'admin' : 'review';

const PROBLEM_DESCRIPTIONS: Record<number | string, string> = {
  400: 'Invalid input: `errors` lists each invalid field',
  401: 'No token, or an invalid one',
  403: 'The token lacks the role; on an anonymous write, the request did not come through the CDN (origin verify)',
  404: 'Not found',
  409: 'Conflict: the resource changed, or the request lost a race; reload and retry',
  413: 'The body is over 64 KiB',
  431: 'The request headers are too large',
  415: 'The body is not application/json',
  422: 'Understood but refused: `errors` says why',
  429: 'This client sent more anonymous writes than RATE_LIMIT_PER_MINUTE allows; retry after `Retry-After` seconds',
  '5XX': 'Something failed on our side; the problem says nothing of internals',
};

const BODY_METHODS = new Set(['POST', 'PUT', 'DELETE']);

/** Problem statuses an operation can answer: implied by its shape (role, body, query, path), plus its extras. */
const problemStatuses = (
  route: Route,
  contract: OperationContract,
  hasBody: boolean,
  hasQuery: boolean,
): (number | string)[] => {
  const statuses = new Set<number | string>();
  if (hasBody || hasQuery || contract.requestHeaders?.includes('Idempotency-Key')) statuses.add(400);
  if (route.role !== undefined) {
    statuses.add(401);
    statuses.add(403);
  }
  if (route.path.includes('{')) statuses.add(404);
  for (const status of contract.problems ?? []) statuses.add(status);
  if (isAnonymousWrite(route)) {
    // In AWS with the CDN, a write that went around CloudFront lacks its origin-verify header.
    statuses.add(403);
    statuses.add(429);
  }
  if (hasBody) {
    statuses.add(413);
    statuses.add(415);
  }
  // Any request can carry oversize headers: the server (API Gateway, or the local runtime) answers 431.
  statuses.add(431);
  statuses.add('5XX');
  return [...statuses].sort((a, b) => String(a).localeCompare(String(b)));
};

/** What a refused client is told (the local gateway's limiter; WAF in AWS answers the same status). */
const RATE_LIMIT_HEADERS = {
  'Retry-After': { description: 'Seconds until this client may send again', schema: { type: 'integer' } },
  RateLimit: { description: 'IETF RateLimit field: what is left of the policy', schema: { type: 'string' } },
  'RateLimit-Policy': {
    description: 'IETF RateLimit-Policy field: quota and window',
    schema: { type: 'string' },
  },
} as const;

const problemResponse = (status: number | string) => ({
  description: PROBLEM_DESCRIPTIONS[status] ?? 'A problem',
  ...(status === 429 ? { headers: RATE_LIMIT_HEADERS } : {}),
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
});

/**
 * The order the components have had in the document since the contracts were one file, kept so that
 * generated clients do not churn; a component not listed follows them, in the order it was registered.
 */
const COMPONENT_ORDER = [
  'Problem',
  'QuestionStatus',
  'Section',
  'Citation',
  'AskerAnswer',
  'Article',
  'ArticleList',
  'ArticleVersions',
  'UpdatesFeed',
  'RelatedGraph',
  'SearchResults',
  'Health',
  'OpenApiDocument',
  'AdvisoryBoard',
  'ReviewQueue',
  'DraftRevision',
  'ReviewDetail',
  'DecisionResult',
  'EditorRevision',
  'Retraction',
  'SourceWithdrawal',
  'ReviewerProfile',
  'ReviewerProfiles',
  'FeedbackReceipt',
  'Feedback',
  'FeedbackList',
  'WebhookEndpoint',
  'CreatedWebhook',
  'WebhookEndpoints',
  'WebhookDeliveries',
  'WebhookRotation',
  'SourceSearchResults',
  'Source',
];
const componentRank = (id: string) => {
  const rank = COMPONENT_ORDER.indexOf(id);
  return rank === -1 ? COMPONENT_ORDER.length : rank;
};

/** The named response schemas as components, cross-referenced by `$ref`. */
const componentSchemas = (): Record<string, unknown> => {
  const { schemas } = z.toJSONSchema(responseRegistry, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas)
      .sort(([a], [b]) => componentRank(a) - componentRank(b))
      .map(([id, { $schema: _, $id: __, ...schema }]) => [id, schema]),
  );
};

const idOf = (schema: z.ZodMiniType): string => {
  const id = responseRegistry.get(schema)?.id;
  if (!id) throw new Error('A response schema must be registered in responseRegistry');
  return id;
};

const successResponses = (contract: OperationContract) => {
  const entries = Object.entries(contract.responses).map(([status, response], index) => [
    status,
    {
      description: response.description,
      ...(response.headers?.length
        ? {
            headers: Object.fromEntries(
              response.headers.map((name) => [
                name,
                { description: RESPONSE_HEADERS[name], required: true, schema: { type: 'string' } },
              ]),
            ),
          }
        : {}),
      ...(response.schema
        ? {
            content: {
              [JSON_MEDIA_TYPE]: {
                schema: { $ref: `#/components/schemas/${idOf(response.schema)}` },
                ...(index === 0 ? { example: contract.example } : {}),
              },
            },
          }
        : {}),
      ...(response.mediaTypes
        ? {
            content: Object.fromEntries(
              response.mediaTypes.map((type, typeIndex) => [
                type,
                {
                  schema: { type: 'string' },
                  ...(index === 0 && typeIndex === 0 ? { example: contract.example } : {}),
                },
              ]),
            ),
          }
        : {}),
    },
  ]);
  return Object.fromEntries(entries);
};

const PATH_PARAMETER_DESCRIPTIONS: Record<string, string> = {
  id: "The question's id (a UUID)",
  slug: "The article's slug",
  subject: "The reviewer's token subject",
};

/**
 * The OpenAPI 3.1 document, generated from the route table, the request
 * schemas (as JSON Schema) and the response contract of every route
 * (shared/http/contracts/).
 */
export const buildOpenApiDocument = (
  requestBodies: Record<string, unknown> = {},
  queries: Record<string, z.ZodMiniObject> = {},
) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes as readonly Route[]) {
    const key = routeKey(route);
    const contract: OperationContract = operations[key as RouteKey];
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
      name,
      in: 'path',
      required: true,
      description: PATH_PARAMETER_DESCRIPTIONS[name] ?? name,
      schema: { type: 'string' },
    }));
    const queryParameters = Object.entries(queries[key]?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: !(schema as z.ZodMiniType).safeParse(undefined).success,
      schema: z.toJSONSchema(schema as z.ZodMiniType, { io: 'input', unrepresentable: 'any' }),
    }));
    const headerParameters = (contract.requestHeaders ?? []).map((name) => ({
      name,
      in: 'header',
      required: false,
      description: REQUEST_HEADERS[name].description,
      schema: { type: 'string' },
      example: REQUEST_HEADERS[name].example,
    }));
    const parameters = [...pathParameters, ...queryParameters, ...headerParameters];
    const hasBody = BODY_METHODS.has(route.method) && requestBodies[key] !== undefined;
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: contract.operationId,
      tags: [tagOf(route)],
      summary: route.summary,
      description: contract.description,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.role !== undefined ? { security: [{ bearer: [] }], 'x-required-role': route.role } : {}),
      ...(hasBody
        ? { requestBody: { required: true, content: { [JSON_MEDIA_TYPE]: { schema: requestBodies[key] } } } }
        : {}),
      responses: {
        ...successResponses(contract),
        ...Object.fromEntries(
          problemStatuses(route, contract, hasBody, queryParameters.length > 0).map((status) => [
            status,
            problemResponse(status),
          ]),
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vetted API',
      version: '1.0.0',
      description:
        'Reviewed clinical Q&A: ask a question, follow it through drafting and review, read the published ' +
        'article and its related questions. Errors are RFC 9457 `application/problem+json`; an unknown path ' +
        'is 404 and a wrong method 405 with an `Allow` header listing the methods the path accepts.',
      contact: { name: 'Vetted API team', url: 'https://vetted.example/api' },
    },
    servers: [
      {
        url: '{apiUrl}',
        description: 'The API: the local runtime (`npm start`), or the `ApiUrl` output of a deploy',
        variables: { apiUrl: { default: 'http://127.0.0.1:3000' } },
      },
    ],
    tags: TAGS.map((tag) => ({ ...tag })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: componentSchemas(),
    },
  };
};

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
