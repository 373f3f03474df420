/**
 * Something the person starting Vetted can fix, said in one or two plain
 * sentences that name the fix. `npm start` prints the message as it is, with
 * no stack trace, and exits with code 1.
 */
export class StartupProblem extends Error {
  override readonly name = 'StartupProblem';
}

/** The first line of an error's message: what `npm start` prints for a failure it has no sentence for. */
export const briefly = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error').trim();
};
