import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `<data dir>/runtime.json`: where a running local runtime can be reached,
 * so command-line tools (`npm run sources:load`) find its DynamoDB Local
 * and SQS emulator on their free ports. Removed when the runtime stops.
 */
export interface RuntimeFile {
  pid: number;
  url: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  tables: { questions: string; articles: string; sources: string; outbox: string };
  /** Where the library's search index versions are (sources:load builds new ones there). */
  libraryIndexDir: string;
}

const pathIn = (dataDir: string) => join(dataDir, 'runtime.json');

export const writeRuntimeFile = (dataDir: string, contents: RuntimeFile): (() => Promise<void>) => {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(pathIn(dataDir), `${JSON.stringify(contents, null, 2)}\n`);
  // Another runtime (in memory, which takes no lock) may have written its own since: that one stays.
  return async () => {
    const current = readRuntimeFile(dataDir);
    if (current?.pid === contents.pid && current.url === contents.url)
      rmSync(pathIn(dataDir), { force: true });
  };
};

export const readRuntimeFile = (dataDir: string): RuntimeFile | undefined => {
  try {
    return JSON.parse(readFileSync(pathIn(dataDir), 'utf8')) as RuntimeFile;
  } catch {
    return undefined;
  }
};
