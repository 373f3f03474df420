import type * as z from '../zod.ts';
import type { ApiResponse } from './api-handler.ts';
import type { Operations } from './contracts/index.ts';
import type { ResponseHeader } from './contracts/operation-contract.ts';
import type { RouteKey } from './routes.ts';

type ResponsesOf<K extends RouteKey> = Operations[K]['responses'];
type BodyOf<K extends RouteKey, S extends keyof ResponsesOf<K>> = ResponsesOf<K>[S] extends {
  schema: infer Schema extends z.ZodMiniType;
}
  ? z.output<Schema>
  : undefined;

/**
 * A route's response, typed by its contract (shared/http/contracts/): the
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
