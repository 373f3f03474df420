import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Fault injection for the local runtime only (never in shared/ or functions/): when this variable is
 * set, the process SIGKILLs itself right after the transaction that writes a matching outbox event
 * commits. Its value is a regular expression over the outbox items' keys (`EVENT#<event id>`),
 * optionally followed by `@N`: die after the Nth matching transaction, not the first.
 * E.g. `^EVENT#review\.decided:.*:approved$@5`.
 */
export const KILL_AFTER_VARIABLE = 'VETTED_FAULT_KILL_AFTER';

export interface KillAfter {
  pattern: RegExp;
  nth: number;
}

export const parseKillAfter = (value: string): KillAfter => {
  const match = /^(.*?)(?:@(\d+))?$/s.exec(value) as RegExpExecArray;
  return { pattern: new RegExp(match[1] as string), nth: Math.max(1, Number(match[2] ?? 1)) };
};

/** The outbox keys a request writes, whether its input is still native or already marshalled. */
const outboxKeys = (input: unknown): string[] => JSON.stringify(input ?? {}).match(/EVENT#[^"\\]+/g) ?? [];

/**
 * A middleware on the runtime's DynamoDB client: after the Nth TransactWriteItems writing a matching
 * event has committed, the process is killed (SIGKILL: no handler runs, nothing is flushed). The
 * callers of matching transactions never hear back before that, so no follow-up of theirs runs;
 * only what the outbox relay read from the stream in the meantime has left the process.
 */
export const killAfterTransaction = (
  client: DynamoDBDocumentClient,
  spec: KillAfter,
  kill: () => void = () => process.kill(process.pid, 'SIGKILL'),
): void => {
  let matched = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!/^TransactWrite/.test(context.commandName ?? '')) return next(args);
      if (!outboxKeys(args.input).some((key) => spec.pattern.test(key))) return next(args);
      await next(args);
      matched += 1;
      if (matched >= spec.nth) kill();
      return new Promise<never>(() => undefined);
    },
    { step: 'initialize', name: 'vettedKillAfterTransaction' },
  );
};
