import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { watchApi } from './contract.ts';

export interface StartedProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** What it printed on stdout alone (the listening line first). */
  stdout: () => string;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/** Runs `npm start`'s entry point as a separate process and waits for its listening line. */
export const startVettedProcess = async (
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<StartedProcess> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    env: { ...process.env, PORT: '0', RATE_LIMIT_PER_MINUTE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /Vetted listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${output}`));
    });
  });
  watchApi(url);
  return {
    child,
    url,
    output: () => output,
    stdout: () => stdout,
    stop: async (signal = 'SIGTERM') => {
      const started = Date.now();
      if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, ms: 0 };
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return { code, ms: Date.now() - started };
    },
  };
};

/** True while a process with this pid exists. */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs `npm start`'s entry point expecting it to give up: its exit code and everything it printed. */
export const runVettedUntilExit = async (
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    env: { ...process.env, PORT: '0', RATE_LIMIT_PER_MINUTE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, output };
};

/** Pids and command lines of the processes whose command line mentions `text` (a test's data directory). */
export const processesMentioning = (text: string): string[] =>
  execFileSync('ps', ['-eo', 'pid=,args='])
    .toString()
    .split('\n')
    .filter((line) => line.includes(text));

/**
 * A PATH with `node` and nothing else: a machine without Java, as far as a
 * child given this PATH can tell.
 */
export const pathWithoutJava = (): string => {
  const directory = mkdtempSync(join(tmpdir(), 'vetted-no-java-'));
  symlinkSync(process.execPath, join(directory, 'node'));
  return directory;
};

/** A PATH whose first `java` is a script that says it is `version`, followed by the usual PATH. */
export const pathWithJavaClaiming = (version: string): string => {
  const directory = mkdtempSync(join(tmpdir(), 'vetted-old-java-'));
  const script = join(directory, 'java');
  writeFileSync(script, `#!/bin/sh\necho 'openjdk version "${version}" 2024-01-16' >&2\nexit 0\n`);
  chmodSync(script, 0o755);
  return `${directory}${delimiter}${process.env.PATH ?? ''}`;
};
