import { resolve } from 'node:path';
import { dataDirProblem } from './data-dir.ts';
import { acquireDataDirLock, type HeldLock } from './data-dir-lock.ts';
import { javaProblem, probeJava } from './java.ts';
import { type PortChoice, type PortState, portProblem, probePort } from './port-check.ts';
import { StartupProblem } from './startup-problem.ts';

export interface PreflightOptions {
  dataDir: string;
  storage: 'disk' | 'memory';
  /** Ports asked for; 0 (any free one) needs no check. */
  ports: PortChoice[];
}

/** The checks for a runtime started with these options (the same defaults as startRuntime's). */
export const preflightOptions = (options: {
  port?: number;
  storage?: 'disk' | 'memory';
  dataDir?: string;
  dynamodbPort?: number;
  sqsPort?: number;
}): PreflightOptions => ({
  dataDir: resolve(options.dataDir ?? '.vetted'),
  storage: options.storage ?? 'disk',
  ports: [
    { port: options.port ?? 3000, variable: 'PORT' },
    { port: options.dynamodbPort ?? 0, variable: 'DYNAMODB_PORT' },
    { port: options.sqsPort ?? 0, variable: 'SQS_PORT' },
  ],
});

/**
 * What the runtime needs, checked before it starts anything: a writable data
 * directory, the data directory's lock (disk storage only: in memory there is
 * nothing to share), Java 17+, and free ports. Every problem found is
 * reported at once, as a StartupProblem; the lock is the caller's to release.
 */
export const preflight = async ({
  dataDir,
  storage,
  ports,
}: PreflightOptions): Promise<HeldLock | undefined> => {
  const directory = dataDirProblem(dataDir);
  if (directory) throw new StartupProblem(directory);
  const wanted = ports.find((choice) => choice.variable === 'PORT')?.port ?? 0;
  const lock = storage === 'disk' ? acquireDataDirLock(dataDir, wanted) : undefined;
  try {
    const [java, states] = await Promise.all([
      probeJava(),
      Promise.all(
        ports.map((choice) => (choice.port === 0 ? ('free' as PortState) : probePort(choice.port))),
      ),
    ]);
    const problems = [
      javaProblem(java),
      ...ports.map((choice, index) => portProblem(choice, states[index] ?? 'free')),
    ].filter((problem): problem is string => problem !== undefined);
    if (problems.length > 0) throw new StartupProblem(problems.join('\n'));
    return lock;
  } catch (error) {
    lock?.release();
    throw error;
  }
};
