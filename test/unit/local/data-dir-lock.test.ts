import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  isLockStale,
  isUnreadableLockStale,
  LOCK_FILE,
  type LockRecord,
  readLockState,
} from '../../../infra/local/data-dir-lock.ts';
import { StartupProblem } from '../../../infra/local/startup-problem.ts';

const lock = (startedAt: string): LockRecord => ({ pid: 4242, port: 3000, startedAt });

describe('isLockStale', () => {
  it('is stale when the process is gone', () => {
    expect(isLockStale(lock('2026-11-29T20:00:00.000Z'), { alive: false })).toBe(true);
  });

  it('is held while the process lives and its start time is unknown', () => {
    expect(isLockStale(lock('2026-11-29T20:00:00.000Z'), { alive: true })).toBe(false);
  });

  it('is held by a process that started before the lock was written', () => {
    const holder = { alive: true, startedAt: new Date('2026-11-29T19:59:58.000Z') };
    expect(isLockStale(lock('2026-11-29T20:00:00.000Z'), holder)).toBe(false);
  });

  it('is stale when the pid now belongs to a process started after the lock (a reused pid)', () => {
    const holder = { alive: true, startedAt: new Date('2026-11-30T08:00:00.000Z') };
    expect(isLockStale(lock('2026-11-29T20:00:00.000Z'), holder)).toBe(true);
  });

  it('allows for the coarse start time of a process', () => {
    const holder = { alive: true, startedAt: new Date('2026-11-29T20:00:01.000Z') };
    expect(isLockStale(lock('2026-11-29T20:00:00.000Z'), holder)).toBe(false);
  });
});

describe('isUnreadableLockStale', () => {
  it('gives a lock being written a few seconds', () => {
    expect(isUnreadableLockStale(500)).toBe(false);
    expect(isUnreadableLockStale(60_000)).toBe(true);
  });
});

/** The pid of a process that has exited. */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid as number;
};

describe('acquireDataDirLock', () => {
  let dataDir: string;
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const fresh = () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vetted-lock-'));
    return dataDir;
  };
  const lockPath = () => join(dataDir, LOCK_FILE);

  it('writes pid, port and start time, updates the port, and removes the lock on release', () => {
    const held = acquireDataDirLock(fresh(), 0);
    expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toEqual({
      pid: process.pid,
      port: 0,
      startedAt: held.record.startedAt,
    });
    held.update({ port: 4321, url: 'http://127.0.0.1:4321' });
    expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toMatchObject({
      port: 4321,
      url: 'http://127.0.0.1:4321',
    });
    held.release();
    expect(existsSync(lockPath())).toBe(false);
  });

  it('refuses a second holder while the first lives, naming it', () => {
    const first = acquireDataDirLock(fresh(), 3000);
    first.update({ port: 3000, url: 'http://127.0.0.1:3000' });
    let refusal: unknown;
    try {
      acquireDataDirLock(dataDir, 3001);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(StartupProblem);
    expect((refusal as Error).message).toBe(
      `Another Vetted (pid ${process.pid}, http://127.0.0.1:3000, started ${first.record.startedAt}) is already running on the data directory ${dataDir}. Stop it first, or give this one its own data directory: \`VETTED_DATA_DIR=${dataDir}-2 npm start\`.`,
    );
    // The refused one did not disturb the holder's lock.
    expect(JSON.parse(readFileSync(lockPath(), 'utf8')).startedAt).toBe(first.record.startedAt);
    first.release();
  });

  it('takes over a lock whose process is gone', () => {
    const stale: LockRecord = { pid: deadPid(), port: 3000, startedAt: new Date().toISOString() };
    writeFileSync(join(fresh(), LOCK_FILE), JSON.stringify(stale));
    expect(readLockState(dataDir)).toMatchObject({ kind: 'stale', lock: stale });
    const held = acquireDataDirLock(dataDir, 0);
    expect(held.tookOver).toEqual(stale);
    expect(JSON.parse(readFileSync(lockPath(), 'utf8')).pid).toBe(process.pid);
    held.release();
  });

  it('waits out a lock that cannot be read yet, and takes it over once it is old', () => {
    writeFileSync(join(fresh(), LOCK_FILE), '');
    expect(() => acquireDataDirLock(dataDir, 0)).toThrow(/Another Vetted \(it is starting right now\)/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPath(), old, old);
    const held = acquireDataDirLock(dataDir, 0);
    expect(readLockState(dataDir)).toEqual({ kind: 'held', lock: held.record });
    held.release();
  });

  it('release leaves alone a lock that is no longer its own', () => {
    const held = acquireDataDirLock(fresh(), 0);
    const other: LockRecord = { pid: process.pid, port: 1, startedAt: '2030-01-01T00:00:00.000Z' };
    writeFileSync(lockPath(), JSON.stringify(other));
    held.release();
    expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toEqual(other);
  });
});
