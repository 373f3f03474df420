/**
 * `npm run doctor`: what the local runtime needs and what this machine has,
 * to paste into a bug report. It starts nothing and changes nothing; it asks
 * a running Vetted (found through the data directory) for its library size.
 * Exit code 1 when something `npm start` needs is missing.
 */
import { accessSync, constants, existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { LOCK_FILE, type LockFileState, processInfo, readLockState } from './data-dir-lock.ts';
import { javaProblem, MIN_JAVA_MAJOR, probeJava } from './java.ts';
import { type PortChoice, portProblem, probePort } from './port-check.ts';
import { type RuntimeFile, readRuntimeFile } from './runtime-file.ts';

/** The runtime this data directory's runtime.json describes, if its process is still there. */
const runningRuntime = (dataDir: string): RuntimeFile | undefined => {
  const file = readRuntimeFile(dataDir);
  return file && processInfo(file.pid).alive ? file : undefined;
};

const MIN_NODE_MAJOR = 20;

export interface Finding {
  /** `ok`: fine; `fail`: `npm start` will refuse; `info`: for the record. */
  status: 'ok' | 'fail' | 'info';
  name: string;
  found: string;
  /** What to do, for a `fail`. */
  fix?: string;
}

export const formatFindings = (findings: Finding[]): string => {
  const width = Math.max(...findings.map((finding) => finding.name.length));
  const lines = findings.flatMap((finding) => [
    `  ${finding.status.toUpperCase().padEnd(4)}  ${finding.name.padEnd(width)}  ${finding.found}`,
    ...(finding.fix ? [`        ${' '.repeat(width)}  → ${finding.fix}`] : []),
  ]);
  return ['Vetted doctor: what `npm start` needs, and what this machine has', '', ...lines].join('\n');
};

/** Bytes under a directory (symbolic links not followed). */
const sizeOf = (path: string): number => {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
};

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const dataDirFinding = (dataDir: string): Finding => {
  const name = 'data directory';
  if (!existsSync(dataDir)) {
    let parent = dirname(dataDir);
    while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
    try {
      accessSync(parent, constants.W_OK);
      return { status: 'ok', name, found: `${dataDir} (not there yet; \`npm start\` creates it)` };
    } catch {
      return {
        status: 'fail',
        name,
        found: `${dataDir} cannot be created (${parent} is not writable)`,
        fix: 'choose another one: `VETTED_DATA_DIR=/a/directory/you/own npm start`',
      };
    }
  }
  if (!statSync(dataDir).isDirectory())
    return {
      status: 'fail',
      name,
      found: `${dataDir} is a file`,
      fix: 'choose another one: `VETTED_DATA_DIR=/a/directory/you/own npm start`',
    };
  try {
    accessSync(dataDir, constants.W_OK);
  } catch {
    return {
      status: 'fail',
      name,
      found: `${dataDir} is not writable`,
      fix: 'make it writable, or choose another one: `VETTED_DATA_DIR=/a/directory/you/own npm start`',
    };
  }
  return { status: 'ok', name, found: `${dataDir} (writable, ${megabytes(sizeOf(dataDir))})` };
};

const lockFinding = (dataDir: string, state: LockFileState, storage: string): Finding => {
  const name = 'lock';
  const path = join(dataDir, LOCK_FILE);
  if (storage === 'memory') return { status: 'info', name, found: 'not used (VETTED_STORAGE=memory)' };
  switch (state.kind) {
    case 'none':
      return { status: 'ok', name, found: `no runtime uses ${dataDir}` };
    case 'held':
      return {
        status: 'info',
        name,
        found: `held by the running Vetted: pid ${state.lock.pid}, ${state.lock.url ?? 'still starting'}, started ${state.lock.startedAt} (${path})`,
      };
    case 'starting':
      return { status: 'info', name, found: `a Vetted is starting on ${dataDir} (${path})` };
    case 'stale':
      return {
        status: 'ok',
        name,
        found: `left by pid ${state.lock?.pid ?? 'unknown'}, which is gone; the next start takes it over (${path})`,
      };
  }
};

const portFinding = async (choice: PortChoice, running: RuntimeFile | undefined): Promise<Finding> => {
  const name = choice.variable;
  if (choice.port === 0)
    return {
      status: 'info',
      name,
      found: choice.variable === 'PORT' ? '0: any free port' : 'a free port is picked',
    };
  const state = await probePort(choice.port);
  if (state === 'free') return { status: 'ok', name, found: `${choice.port} on 127.0.0.1 is free` };
  if (running && new URL(running.url).port === String(choice.port))
    return {
      status: 'info',
      name,
      found: `${choice.port} is in use by the running Vetted (pid ${running.pid})`,
    };
  return {
    status: 'fail',
    name,
    found: `${choice.port} on 127.0.0.1 is ${state === 'in-use' ? 'in use' : 'not allowed for this user'}`,
    fix: portProblem(choice, state) as string,
  };
};

/** The reference library's size, from the running runtime's DynamoDB Local when there is one. */
const libraryFinding = async (running: RuntimeFile | undefined): Promise<Finding> => {
  const name = 'reference library';
  if (!running) {
    const demo = await loadDemoLibrary();
    return {
      status: 'info',
      name,
      found: `counted only while Vetted runs; a new data directory starts with the demo library (${demo.length} sources)`,
    };
  }
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: running.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
      requestHandler: { requestTimeout: 5000, connectionTimeout: 2000 },
    }),
  );
  try {
    const { sourceCount, loads, indexVersion } = await new DynamoLibraryCatalog(
      client,
      running.tables.sources,
    ).pointer();
    const newest = loads.length === 0 ? '' : `, newest ${loads.at(-1)}`;
    const index = indexVersion === undefined ? '' : `, index version ${indexVersion}`;
    return {
      status: 'ok',
      name,
      found: `${sourceCount} sources in ${loads.length} load(s)${newest}${index}, in the running Vetted at ${running.url}`,
    };
  } catch (error) {
    return {
      status: 'info',
      name,
      found: `the running Vetted's DynamoDB Local (${running.dynamodbEndpoint}) did not answer: ${(error as Error).name}`,
    };
  } finally {
    client.destroy();
  }
};

const portFrom = (value: string | undefined, fallback: number) =>
  value === undefined || value === '' ? fallback : Number(value);

export const runDoctor = async (
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ exitCode: number; text: string }> => {
  const dataDir = resolve(cwd, env.VETTED_DATA_DIR || '.vetted');
  const storage = env.VETTED_STORAGE === 'memory' ? 'memory' : 'disk';
  const held = readLockState(dataDir);
  const running = runningRuntime(dataDir);
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  const java = await probeJava();
  const javaFix = javaProblem(java);
  const findings: Finding[] = [
    {
      status: nodeMajor >= MIN_NODE_MAJOR ? 'ok' : 'fail',
      name: 'Node.js',
      found: `${process.version} at ${process.execPath} (needs ${MIN_NODE_MAJOR} or newer)`,
      ...(nodeMajor >= MIN_NODE_MAJOR ? {} : { fix: `install Node.js ${MIN_NODE_MAJOR} or newer` }),
    },
    {
      status: javaFix ? 'fail' : 'ok',
      name: 'Java',
      found: !java.found
        ? 'no `java` on the PATH'
        : `${java.version ? `Java ${java.version.major} (${java.version.text})` : 'version unknown'} at ${java.path ?? 'java'} (needs ${MIN_JAVA_MAJOR} or newer)`,
      ...(javaFix ? { fix: javaFix } : {}),
    },
    ...(await Promise.all(
      [
        { port: portFrom(env.PORT, 3000), variable: 'PORT' },
        { port: portFrom(env.DYNAMODB_PORT, 0), variable: 'DYNAMODB_PORT' },
        { port: portFrom(env.SQS_PORT, 0), variable: 'SQS_PORT' },
      ].map((choice) => portFinding(choice as PortChoice, running)),
    )),
    dataDirFinding(dataDir),
    { status: 'info', name: 'storage', found: `${storage} (VETTED_STORAGE)` },
    lockFinding(dataDir, held, storage),
    await libraryFinding(running),
    {
      status: 'info',
      name: 'system',
      found: `${platform()} ${release()}, ${cpus().length} CPUs${env.npm_config_user_agent ? `, ${env.npm_config_user_agent.split(' ')[0]}` : ''}`,
    },
  ];
  const failed = findings.some((finding) => finding.status === 'fail');
  return { exitCode: failed ? 1 : 0, text: formatFindings(findings) };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { exitCode, text } = await runDoctor(process.env, process.cwd());
  console.log(text);
  process.exitCode = exitCode;
}
