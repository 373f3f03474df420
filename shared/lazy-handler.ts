import type { Context } from 'aws-lambda';

type LambdaHandler<Event, Result> = (event: Event, context: Context) => Promise<Result>;

/**
 * Exports a Lambda handler whose dependencies are built on the first
 * invocation (not at import, so importing a handler module has no side
 * effects). `prime()` builds them ahead of the first event: the cold-start
 * benchmark measures import plus `prime()`.
 */
export const lazyHandler = <Event, Result>(build: () => LambdaHandler<Event, Result>) => {
  let built: LambdaHandler<Event, Result> | undefined;
  const prime = (): LambdaHandler<Event, Result> => {
    built ??= build();
    return built;
  };
  const handler = (event: Event, context: Context): Promise<Result> => prime()(event, context);
  return Object.assign(handler, { prime });
};
