import { Logger } from '@aws-lambda-powertools/logger';

/** One Powertools logger per function, created with its handler (once per container). */
export const createLogger = (serviceName: string): Logger => new Logger({ serviceName });

/**
 * What a use case calls when a follow-up message (a queue send or a bus put)
 * failed after its write succeeded: the reconciler re-drives the work, so
 * the request still succeeds and the failure is logged for operators.
 */
export const logDeferredFailure =
  (logger: Logger) =>
  (what: string, error: unknown): void =>
    logger.warn(`Deferred ${what} failed; the reconciler will re-drive it`, { error: error as Error });
