import { linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupProblem } from './startup-problem.ts';

/**
 * `<data dir>/runtime.lock`: one runtime per data directory. Two DynamoDB
 * Locals on the same database files, or two reconcilers on the same tables,
 * corrupt data or do work twice, so a second runtime is refused. Created with
 * O_EXCL, so of two runtimes starting at once exactly one gets it; removed at
 * shutdown; a lock whose process is gone is taken over.
 */
export const LOCK_FILE = 'runtime.lock';

export interface LockRecord {
  pid: number;
  /** The HTTP port asked for (0 until the server listens when a free one is picked). */
  port: number;
  url?: string;
  startedAt: string;
}

/** What is known of the process with a lock's pid. */
export interface ProcessInfo {
  alive: boolean;
  /** When that process started, where the system says (Linux). */
  startedAt?: Date;
}

/** A lock written less than this long ago may still be half-written by a runtime starting right now. */
const UNREADABLE_GRACE_MS = 10_000;
/** Process start times are read in clock ticks; allow for rounding and clock steps. */
const START_TIME_TOLERANCE_MS = 5_000;

/**
 * A lock is stale when its process is gone, or when its pid now belongs to a
 * process that started after the lock was written (the pid was reused, say
 * after a reboot).
 */
export const isLockStale = (lock: LockRecord, holder: ProcessInfo): boolean => {
  if (!holder.alive) return true;
  if (!holder.startedAt) return false;
  return holder.startedAt.getTime() > Date.parse(lock.startedAt) + START_TIME_TOLERANCE_MS;
};

/** An unreadable lock (empty, cut short, not JSON) is stale once it is old enough not to be mid-write. */
export const isUnreadableLockStale = (ageMs: number): boolean => ageMs > UNREADABLE_GRACE_MS;

/** Start time of a process from /proc (Linux); undefined elsewhere or when it cannot be read. */
const processStartTime = (pid: number): Date | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces; starttime is field 22.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(bootSeconds)) return undefined;
    return new Date(bootSeconds * 1000 + ticks * 10); // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
};

export const processInfo = (pid: number): ProcessInfo => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return { alive: false };
  }
  const startedAt = processStartTime(pid);
  return { alive: true, ...(startedAt ? { startedAt } : {}) };
};

const parseLock = (text: string): LockRecord | undefined => {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (typeof value.pid !== 'number' || typeof value.startedAt !== 'string') return undefined;
    return { port: 0, ...value } as LockRecord;
  } catch {
    return undefined;
  }
};

export type LockFileState =
  | { kind: 'none' }
  | { kind: 'held'; lock: LockRecord }
  | { kind: 'stale'; lock?: LockRecord; text: string }
  | { kind: 'starting'; text: string };

/** What is in a data directory's lock file, and whether its runtime is still there. */
export const readLockState = (dataDir: string): LockFileState => {
  const path = join(dataDir, LOCK_FILE);
  let text: string;
  let ageMs: number;
  try {
    text = readFileSync(path, 'utf8');
    ageMs = Date.now() - statSync(path).mtimeMs;
  } catch {
    return { kind: 'none' };
  }
  const lock = parseLock(text);
  if (!lock) return isUnreadableLockStale(ageMs) ? { kind: 'stale', text } : { kind: 'starting', text };
  return isLockStale(lock, processInfo(lock.pid)) ? { kind: 'stale', lock, text } : { kind: 'held', lock };
};

/** The sentence `npm start` prints when another runtime holds the data directory. */
export const lockHeldMessage = (dataDir: string, lock: LockRecord | undefined): string => {
  const who = lock
    ? `(pid ${lock.pid}, ${lock.url ?? 'still starting'}, started ${lock.startedAt})`
    : '(it is starting right now)';
  return `Another Vetted ${who} is already running on the data directory ${dataDir}. Stop it first, or give this one its own data directory: \`VETTED_DATA_DIR=${dataDir}-2 npm start\`.`;
};

/**
 * Moves a stale lock out of the way. Renaming is atomic, so of two runtimes
 * taking over at once one moves the stale lock; if what the other moved is
 * already the winner's fresh lock, it puts it back.
 */
const takeOver = (path: string, staleText: string) => {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // Someone else moved it first.
  }
  const moved = readFileSync(aside, 'utf8');
  if (moved !== staleText) {
    try {
      linkSync(aside, path);
    } catch {
      // A third runtime holds the lock by now; it stays theirs.
    }
  }
  rmSync(aside, { force: true });
};

export interface HeldLock {
  path: string;
  record: LockRecord;
  /** Whether a stale lock (its process gone) was taken over. */
  tookOver: LockRecord | undefined;
  update(fields: Pick<LockRecord, 'port' | 'url'>): void;
  release(): void;
}

export const acquireDataDirLock = (dataDir: string, port: number): HeldLock => {
  const path = join(dataDir, LOCK_FILE);
  const record: LockRecord = { pid: process.pid, port, startedAt: new Date().toISOString() };
  let tookOver: LockRecord | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(record)}\n`, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const state = readLockState(dataDir);
      if (state.kind === 'held') throw new StartupProblem(lockHeldMessage(dataDir, state.lock));
      if (state.kind === 'starting') throw new StartupProblem(lockHeldMessage(dataDir, undefined));
      if (state.kind === 'stale') {
        takeOver(path, state.text);
        tookOver = state.lock;
      }
      continue;
    }
    const isOurs = () => {
      const current = parseLock(readFileSync(path, 'utf8'));
      return current?.pid === record.pid && current.startedAt === record.startedAt;
    };
    return {
      path,
      record,
      tookOver,
      update: (fields) => {
        Object.assign(record, fields);
        // Write then rename: the lock file never disappears nor shows half a record.
        const staging = `${path}.${process.pid}.tmp`;
        writeFileSync(staging, `${JSON.stringify(record)}\n`);
        renameSync(staging, path);
      },
      release: () => {
        try {
          if (isOurs()) rmSync(path, { force: true });
        } catch {
          // Already gone.
        }
      },
    };
  }
  throw new StartupProblem(
    `Vetted could not take the lock ${path}: other runtimes keep taking it. Make sure only one \`npm start\` uses ${dataDir}.`,
  );
};
