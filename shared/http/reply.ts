import type * as z from '../zod.ts';
import type { ApiResponse } from './api-handler.ts';
import type { Operations, ResponseHeader, RouteKey } from './operations.ts';

type ResponsesOf<K extends RouteKey> = Operations[K]['responses'];
type BodyOf<K extends RouteKey, S extends keyof ResponsesOf<K>> = ResponsesOf<K>[S] extends {
  schema: infer Schema extends z.ZodMiniType;
}
  ? z.output<Schema>
  : undefined;

/**
 * A route's response, typed by its contract (shared/http/operations.ts): the
 * status must be one the route documents and the body must have that
 * status's schema, so a handler cannot send what the document does not say.
 */
export const reply = <K extends RouteKey, S extends keyof ResponsesOf<K> & number>(
  _route: K,
  statusCode: S,
  body: BodyOf<K, S>,
  headers?: Partial<Record<Lowercase<ResponseHeader>, string>>,
): ApiResponse => ({
  statusCode,
  ...(body === undefined ? {} : { body }),
  ...(headers ? { headers } : {}),
});
