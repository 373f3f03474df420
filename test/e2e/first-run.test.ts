import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  pathWithJavaClaiming,
  pathWithoutJava,
  processesMentioning,
  runVettedUntilExit,
  type StartedProcess,
  startVettedProcess,
} from '../support/process.ts';
import { eventually } from '../support/runtime.ts';

/** A Node stack frame, as an unhandled error would print it. */
const STACK_FRAME = /^\s+at .+[:(]/m;

/** Generous: this machine is shared, and a start on a fresh disk data directory creates its tables. */
const START_TIMEOUT_MS = 120_000;

const newDataDir = () => mkdtempSync(join(tmpdir(), 'vetted-first-run-'));

/** `npm start` gave up: exit code 1, the sentence, no stack trace, nothing left running on its data directory. */
const expectRefusal = (
  result: { code: number | null; output: string },
  sentence: RegExp,
  dataDir: string,
) => {
  expect(result.code).toBe(1);
  expect(result.output).toMatch(sentence);
  expect(result.output).not.toMatch(STACK_FRAME);
  expect(result.output).not.toMatch(/Vetted listening on/);
  expect(processesMentioning(dataDir)).toEqual([]);
  expect(existsSync(join(dataDir, 'runtime.lock'))).toBe(false);
};

describe('npm start on a machine that lacks something', () => {
  const dataDirs: string[] = [];
  const tracked = (dir: string) => {
    dataDirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('without Java says that Java 17+ is needed and how to install it', async () => {
    const dataDir = tracked(newDataDir());
    const result = await runVettedUntilExit({ PATH: pathWithoutJava(), VETTED_DATA_DIR: dataDir });
    expectRefusal(
      result,
      /Vetted needs Java 17 or newer to run DynamoDB Local, and there is no `java` on the PATH/,
      dataDir,
    );
    expect(result.output).toMatch(/openjdk-17-jre-headless/);
    expect(result.output).toMatch(/brew install openjdk@17/);
    expect(result.output).toMatch(/winget install Microsoft\.OpenJDK\.17/);
  });

  it('with a Java older than 17 names the version it found', async () => {
    const dataDir = tracked(newDataDir());
    const result = await runVettedUntilExit({
      PATH: pathWithJavaClaiming('11.0.22'),
      VETTED_DATA_DIR: dataDir,
    });
    expectRefusal(
      result,
      /the `java` on the PATH \(.+\/java\) is Java 11 \(11\.0\.22\)\. Install a newer one/,
      dataDir,
    );
  });

  it('with its port taken names the port and PORT=0', async () => {
    const dataDir = tracked(newDataDir());
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const result = await runVettedUntilExit({ PORT: String(port), VETTED_DATA_DIR: dataDir });
      expectRefusal(
        result,
        new RegExp(`Port ${port} on 127\\.0\\.0\\.1 \\(PORT\\) is already in use`),
        dataDir,
      );
      expect(result.output).toMatch(/`PORT=0 npm start` for any free one/);
    } finally {
      holder.close();
    }
  });

  it('with a data directory it cannot write says so', async () => {
    const parent = tracked(newDataDir());
    const inTheWay = join(parent, 'a-file');
    writeFileSync(inTheWay, '');
    const dataDir = join(inTheWay, 'data');
    const result = await runVettedUntilExit({ VETTED_DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      `Vetted keeps its data in ${dataDir}, and it cannot write there (a file is in the way of that directory).`,
    );
    expect(result.output).not.toMatch(STACK_FRAME);
  });

  it('with a bad PORT says what a port is', async () => {
    const dataDir = tracked(newDataDir());
    const result = await runVettedUntilExit({ PORT: 'three-thousand', VETTED_DATA_DIR: dataDir });
    expectRefusal(
      result,
      /PORT must be a port number from 0 to 65535 \(0: any free one\), not "three-thousand"\./,
      dataDir,
    );
  });
});

describe('one runtime per data directory', () => {
  const dataDir = newDataDir();
  let first: StartedProcess | undefined;
  let third: StartedProcess | undefined;
  afterAll(async () => {
    await first?.stop('SIGKILL');
    await third?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second runtime naming the first, and takes over the lock of one that was killed', async () => {
    first = await startVettedProcess({ VETTED_DATA_DIR: dataDir }, START_TIMEOUT_MS);
    expect(first.stdout().split('\n')[0]).toBe(`Vetted listening on ${first.url}`);
    const lock = JSON.parse(readFileSync(join(dataDir, 'runtime.lock'), 'utf8'));
    expect(lock).toMatchObject({
      pid: first.child.pid,
      url: first.url,
      port: Number(new URL(first.url).port),
    });

    const second = await runVettedUntilExit({ VETTED_DATA_DIR: dataDir });
    expect(second.code).toBe(1);
    expect(second.output).toContain(
      `Another Vetted (pid ${first.child.pid}, ${first.url}, started ${lock.startedAt}) is already running on the data directory ${dataDir}.`,
    );
    expect(second.output).not.toMatch(STACK_FRAME);
    // The first one is untouched: still serving, still the only DynamoDB Local on the directory.
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    expect(processesMentioning(dataDir)).toHaveLength(1);

    // Killed outright, the first leaves its lock behind, but not its DynamoDB Local.
    await first.stop('SIGKILL');
    await eventually(async () => (processesMentioning(dataDir).length === 0 ? true : undefined));
    expect(existsSync(join(dataDir, 'runtime.lock'))).toBe(true);

    third = await startVettedProcess({ VETTED_DATA_DIR: dataDir }, START_TIMEOUT_MS);
    expect(third.output()).toContain(
      `Took over ${join(dataDir, 'runtime.lock')} from pid ${first.child.pid}, which is gone`,
    );
    expect((await fetch(`${third.url}/health`)).status).toBe(200);
    expect((await third.stop('SIGTERM')).code).toBe(0);
    expect(existsSync(join(dataDir, 'runtime.lock'))).toBe(false);
    expect(processesMentioning(dataDir)).toEqual([]);
  }, 400_000);
});

describe('a failure after start-up', () => {
  const dataDir = newDataDir();
  let started: StartedProcess | undefined;
  afterAll(async () => {
    await started?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is reported in a sentence, and everything else is stopped', async () => {
    started = await startVettedProcess({ VETTED_DATA_DIR: dataDir }, START_TIMEOUT_MS);
    const [java] = processesMentioning(dataDir);
    const javaPid = Number(java?.trim().split(/\s+/)[0]);
    expect(javaPid).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => started?.child.once('exit', resolve));
    process.kill(javaPid, 'SIGKILL');

    expect(await exited).toBe(1);
    expect(started.output()).toContain(
      `DynamoDB Local stopped on its own (signal SIGKILL), so Vetted stopped too. Its last output is in ${join(dataDir, 'dynamodb-local.log')}.`,
    );
    expect(started.output()).not.toMatch(STACK_FRAME);
    expect(existsSync(join(dataDir, 'runtime.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);
  }, 200_000);
});
