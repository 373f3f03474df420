import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** One put of a transaction, named so that a cancellation can say which write it refused. */
export interface NamedPut<Name extends string> {
  name: Name;
  put: { TableName: string; Item: Record<string, unknown>; ConditionExpression?: string };
}

export const transactItems = (writes: readonly NamedPut<string>[]) => writes.map(({ put }) => ({ Put: put }));

/**
 * Each named write's cancellation code (`ConditionalCheckFailed`,
 * `TransactionConflict`, `None`…): DynamoDB reports one reason per write, in
 * the order the writes were sent.
 */
export const cancellationCodes = <Name extends string>(
  writes: readonly NamedPut<Name>[],
  error: TransactionCanceledException,
): Partial<Record<Name, string>> => {
  const codes: Partial<Record<Name, string>> = {};
  writes.forEach(({ name }, index) => {
    const code = error.CancellationReasons?.[index]?.Code;
    if (code !== undefined) codes[name] = code;
  });
  return codes;
};
