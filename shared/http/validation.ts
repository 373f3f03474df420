import { ValidationError } from '../domain/errors.ts';
import type * as z from '../zod.ts';

/** Parses with zod, turning issues into a 400 with one `{ path, message }` per problem. */
export const parseOr400 = <S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.infer<S> => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    `The ${where} is invalid`,
    result.error.issues.map((issue) => ({
      path: issue.path.length > 0 ? issue.path.join('.') : where,
      message: issue.message,
    })),
  );
};
