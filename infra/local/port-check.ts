import { createServer } from 'node:net';

export type PortState = 'free' | 'in-use' | 'not-allowed';

/** Tries to listen on 127.0.0.1:port and lets go at once. */
export const probePort = (port: number): Promise<PortState> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve('in-use');
      else if (error.code === 'EACCES') resolve('not-allowed');
      else reject(error);
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve('free')));
  });

/** Which port, and the environment variable that chose it. */
export interface PortChoice {
  port: number;
  variable: 'PORT' | 'DYNAMODB_PORT' | 'SQS_PORT';
}

/** The sentence `npm start` prints when it cannot listen on this port; undefined when it can. */
export const portProblem = ({ port, variable }: PortChoice, state: PortState): string | undefined => {
  if (state === 'free') return undefined;
  const what =
    state === 'in-use'
      ? `Port ${port} on 127.0.0.1 (${variable}) is already in use. Stop what is using it, or`
      : `Port ${port} on 127.0.0.1 (${variable}) needs privileges this user does not have. Instead,`;
  const fix =
    variable === 'PORT'
      ? `choose another port: \`PORT=${port === 3000 ? 3001 : 3000} npm start\`, or \`PORT=0 npm start\` for any free one.`
      : `unset ${variable} (or set it to 0) so that Vetted picks a free one.`;
  return `${what} ${fix}`;
};

/** Maps a listen error (the port was taken between the check and the listen) to the same sentence. */
export const portProblemFromListenError = (choice: PortChoice, error: unknown): string | undefined => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return portProblem(choice, 'in-use');
  if (code === 'EACCES') return portProblem(choice, 'not-allowed');
  return undefined;
};
