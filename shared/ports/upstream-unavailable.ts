/**
 * A remote service (a model, an embedding service) could not be reached or
 * is overloaded: throttling, 5xx, network, timeout. Transient: the caller
 * retries later. Each port names its own subclass.
 */
export class UpstreamUnavailableError extends Error {
  readonly transient = true;
  /** Seconds the service asked us to wait, when it said so (Retry-After). */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
