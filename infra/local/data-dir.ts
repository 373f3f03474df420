import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a file is in the way of that directory',
  EEXIST: 'a file is in the way of that directory',
  ENOSPC: 'the disk is full',
};

/** Why this directory cannot hold Vetted's data, in a few words; undefined when it can. */
export const dataDirUnwritableReason = (dataDir: string): string | undefined => {
  const probe = join(dataDir, `.write-check-${process.pid}`);
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(probe, '', { flag: 'wx' });
    rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return REASONS[code] ?? (code || (error as Error).message);
  }
};

/** The sentence `npm start` prints when the data directory cannot be written; undefined when it can. */
export const dataDirProblem = (dataDir: string): string | undefined => {
  const reason = dataDirUnwritableReason(dataDir);
  if (reason === undefined) return undefined;
  return `Vetted keeps its data in ${dataDir}, and it cannot write there (${reason}). Make that directory writable, or choose another one: \`VETTED_DATA_DIR=/a/directory/you/own npm start\`.`;
};
