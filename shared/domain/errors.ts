/**
 * Domain and HTTP errors. Each has a stable `name`; the HTTP layer maps the
 * name to a status and only these errors' details ever reach a client.
 */

export interface FieldError {
  path: string;
  message: string;
}

export abstract class VettedError extends Error {
  abstract override readonly name: string;
  abstract readonly status: number;
  /** Short human title for problem+json. */
  abstract readonly title: string;

  constructor(
    message: string,
    /** What exactly is wrong, by field (`errors[]` of problem+json); empty when the message says it all. */
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export class ValidationError extends VettedError {
  readonly name = 'ValidationError';
  readonly status = 400;
  readonly title = 'Invalid request';
}

export class UnauthorizedError extends VettedError {
  readonly name = 'UnauthorizedError';
  readonly status = 401;
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends VettedError {
  readonly name = 'ForbiddenError';
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class NotFoundError extends VettedError {
  readonly name = 'NotFoundError';
  readonly status = 404;
  readonly title = 'Not found';
}

export class ConflictError extends VettedError {
  readonly name = 'ConflictError';
  readonly status = 409;
  readonly title = 'Conflict';
}

/** The same Idempotency-Key was sent with a different body. */
export class IdempotencyKeyReuseError extends VettedError {
  readonly name = 'IdempotencyKeyReuseError';
  readonly status = 422;
  readonly title = 'Idempotency key reused';
}

/**
 * The revision fails the publish gate (`supportProblems`): a claim without a
 * citation, a citation that resolves to nothing, no claim at all, or a
 * `no_relevant_sources` flag. `errors[].path` names each failing part.
 */
export class UnsupportedDraftError extends VettedError {
  readonly name = 'UnsupportedDraftError';
  readonly status = 422;
  readonly title = 'Draft not supported by its sources';
}
