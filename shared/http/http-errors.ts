/**
 * Errors only the HTTP edge raises (method, body and header limits, the rate limit): the domain
 * and the use cases know nothing of them. Each is a VettedError, so problem.ts maps it like any other.
 */
import { VettedError } from '../domain/errors.ts';

export class MethodNotAllowedError extends VettedError {
  readonly name = 'MethodNotAllowedError';
  readonly status = 405;
  readonly title = 'Method not allowed';
  constructor(
    message: string,
    readonly allowed: string[],
  ) {
    super(message);
  }
}

export class PayloadTooLargeError extends VettedError {
  readonly name = 'PayloadTooLargeError';
  readonly status = 413;
  readonly title = 'Payload too large';
}

export class UnsupportedMediaTypeError extends VettedError {
  readonly name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  readonly title = 'Unsupported media type';
}

/** The request's header block is over the server's limit (the local HTTP server; API Gateway has its own). */
export class HeadersTooLargeError extends VettedError {
  readonly name = 'HeadersTooLargeError';
  readonly status = 431;
  readonly title = 'Request header fields too large';
}

/** A client sent more anonymous writes than RATE_LIMIT_PER_MINUTE allows; it may retry after `retryAfterSeconds`. */
export class TooManyRequestsError extends VettedError {
  readonly name = 'TooManyRequestsError';
  readonly status = 429;
  readonly title = 'Too many requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
