import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDbLocalFailure, startDynamoDbLocal } from './dynamodb/dynamodb-local.ts';
import { portProblemFromListenError } from './port-check.ts';
import { startSqsEmulator } from './sqs-emulator.ts';
import { StartupProblem } from './startup-problem.ts';

export interface BackendOptions {
  storage: 'disk' | 'memory';
  dataDir: string;
  dynamodbPort?: number;
  /**
   * A DynamoDB Local someone else runs (a fault test's, shared by the runtimes it kills and
   * restarts): used as it is, neither started nor stopped here.
   */
  dynamodbEndpoint?: string;
  sqsPort?: number;
  onFatal: (problem: StartupProblem) => void;
}

export interface Backends {
  dynamodb: { endpoint: string; pid: number | undefined };
  sqs: { endpoint: string };
}

/** Keeps DynamoDB Local's last output where the person starting Vetted can read it, and says where. */
const dynamoDbLocalProblem = (
  failure: DynamoDbLocalFailure,
  dataDir: string,
  starting: boolean,
): StartupProblem => {
  const logFile = join(dataDir, 'dynamodb-local.log');
  try {
    writeFileSync(logFile, failure.output);
  } catch {
    return new StartupProblem(`${failure.message}.`);
  }
  return new StartupProblem(
    `${failure.message}${starting ? '' : ', so Vetted stopped too'}. Its last output is in ${logFile}.`,
  );
};

/**
 * DynamoDB Local (Java) and the SQS emulator on loopback, started side by side; whichever started is
 * handed to `stops` even when the other failed, so the caller can stop what there is.
 */
export const startBackends = async (
  options: BackendOptions,
  stops: (() => Promise<void>)[],
): Promise<Backends> => {
  const external = options.dynamodbEndpoint;
  const [dynamodbStarted, sqsStarted] = await Promise.allSettled([
    external
      ? Promise.resolve({ endpoint: external, pid: undefined, stop: async () => undefined })
      : startDynamoDbLocal({
          ...(options.storage === 'disk' ? { dbPath: join(options.dataDir, 'dynamodb') } : {}),
          ...(options.dynamodbPort ? { port: options.dynamodbPort } : {}),
          onUnexpectedExit: (failure) =>
            options.onFatal(dynamoDbLocalProblem(failure, options.dataDir, false)),
        }),
    startSqsEmulator(options.sqsPort ?? 0),
  ]);
  if (dynamodbStarted.status === 'fulfilled') stops.push(dynamodbStarted.value.stop);
  if (sqsStarted.status === 'fulfilled') stops.push(sqsStarted.value.stop);
  if (dynamodbStarted.status === 'rejected') {
    const error: unknown = dynamodbStarted.reason;
    throw error instanceof DynamoDbLocalFailure ? dynamoDbLocalProblem(error, options.dataDir, true) : error;
  }
  if (sqsStarted.status === 'rejected') {
    const problem = portProblemFromListenError(
      { port: options.sqsPort ?? 0, variable: 'SQS_PORT' },
      sqsStarted.reason,
    );
    throw problem ? new StartupProblem(problem) : sqsStarted.reason;
  }
  return {
    dynamodb: { endpoint: dynamodbStarted.value.endpoint, pid: dynamodbStarted.value.pid },
    sqs: { endpoint: sqsStarted.value.endpoint },
  };
};
