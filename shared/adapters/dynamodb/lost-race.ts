import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * A transaction cancelled because another writer got there first: a
 * condition no longer held, or a concurrent transaction touched the same
 * item. Callers treat it as "someone else won", never as a failure.
 */
export const isLostRace = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some(
    (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
  );
