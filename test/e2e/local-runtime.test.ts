import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, type StartedProcess, startVettedProcess } from '../support/process.ts';
import { readJson } from '../support/runtime.ts';

/** Pids of the Java processes started by a given node process. */
const javaChildren = (parentPid: number): number[] => {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,comm=']).toString();
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, command]) => Number(ppid) === parentPid && command === 'java')
    .map(([pid]) => Number(pid));
};

/** Local addresses of the TCP sockets these processes listen on. */
const listeningAddresses = (pids: number[]): string[] =>
  execFileSync('ss', ['-ltnpH'])
    .toString()
    .split('\n')
    .filter((line) => pids.some((pid) => line.includes(`pid=${pid},`)))
    .map((line) => line.trim().split(/\s+/)[3] as string);

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vetted-e2e-'));
  let started: StartedProcess | undefined;
  afterAll(async () => {
    await started?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the API on loopback, keeps data on disk across a restart, and stops everything on SIGTERM', async () => {
    started = await startVettedProcess({ VETTED_DATA_DIR: dataDir });
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${started.url}/health`)).status).toBe(200);

    const asked = await fetch(`${started.url}/v1/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'How much water should an adult drink each day?' }),
    });
    expect(asked.status).toBe(202);
    const { id } = await readJson(asked);

    const javaPids = javaChildren(started.child.pid as number);
    expect(javaPids).toHaveLength(1);
    const addresses = listeningAddresses([started.child.pid as number, ...javaPids]);
    expect(addresses.length).toBeGreaterThanOrEqual(3); // HTTP API, SQS emulator, DynamoDB Local
    for (const address of addresses) expect(address).toMatch(/^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):\d+$/);
    const stopped = await started.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(5000);
    expect(javaPids.filter(isAlive)).toEqual([]);

    started = await startVettedProcess({ VETTED_DATA_DIR: dataDir });
    const read = await fetch(`${started.url}/v1/questions/${id}`);
    expect(read.status).toBe(200);
    expect((await readJson(read)).question).toBe('How much water should an adult drink each day?');
    expect((await started.stop('SIGINT')).code).toBe(0);
  });
});
