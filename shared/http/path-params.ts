import { NotFoundError } from '../domain/errors.ts';
import * as z from '../zod.ts';
import type { ApiRequest } from './api-handler.ts';

const uuid = z.uuid();

/** The `{id}` of a path, a UUID; an id that cannot exist is a 404 like any unknown one (`what` names it). */
export const pathUuid = (request: ApiRequest, what: string): string => {
  const id = uuid.safeParse(request.pathParameters.id);
  if (!id.success) throw new NotFoundError(`No ${what} with id ${request.pathParameters.id}`);
  return id.data;
};
