import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler, libraryLoadId } from '../../functions/load-library/handler.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { LanceIndexReader } from '../../shared/adapters/lancedb/index.ts';
import { loadConfig } from '../../shared/config.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { INDEX_VERSION_PATTERN } from '../../shared/domain/indexed-source.ts';
import type { Source } from '../../shared/domain/source.ts';

/**
 * The loader's handler with fakes at its edges: the catalog, the load use
 * case and the file parser are replaced (their own tests cover them); the
 * index is built for real by LanceDB in a temporary directory (no bucket
 * configured: the data directory), and S3 is a fake client.
 */
const state = vi.hoisted(() => ({
  pointer: { loads: [] as string[], indexVersion: undefined as string | undefined, sourceCount: 0 },
  parse: undefined as undefined | ((name: string, content: string) => Promise<{ sources: unknown[] }>),
  commits: [] as { loadId: string; sources: number }[],
  builds: 1,
}));

vi.mock('../../shared/adapters/dynamodb/library-catalog.ts', () => ({
  DynamoLibraryCatalog: class {
    pointer = async () => state.pointer;
  },
}));
vi.mock('../../shared/adapters/library-import/index.ts', () => ({
  parseLibraryFile: (name: string, content: string) => state.parse?.(name, content),
}));
vi.mock('../../shared/use-cases/load-library.ts', () => ({
  // As the use case does: build a version for the load (here once or more), then commit it.
  commitLibraryLoad: async (
    deps: {
      buildIndex: (b: { version: string; sources: readonly Source[] }) => Promise<{ sources?: number }>;
    },
    load: { loadId: string; sources: readonly Source[] },
  ) => {
    let built: { sources?: number } = {};
    for (let i = 0; i < state.builds; i++)
      built = await deps.buildIndex({ version: load.loadId, sources: load.sources });
    state.commits.push({ loadId: load.loadId, sources: built.sources ?? 0 });
    return { sourceCount: built.sources ?? 0 };
  },
}));

const source = (id: string): Source => ({
  id,
  title: `Hypertension guideline ${id}`,
  publisher: 'Example Society',
  year: 2024,
  url: `https://example.org/${id}`,
  text: '# Targets\n\nBlood pressure targets for adults with hypertension.',
});

const event = (key: string, etag = 'abc123') => ({
  'detail-type': 'Object Created',
  source: 'aws.s3',
  detail: { bucket: { name: 'vetted-dev-library-1-eu-west-1' }, object: { key, etag, size: 10 } },
});

const dataDir = mkdtempSync(join(tmpdir(), 'vetted-load-library-'));
const requests: unknown[] = [];
let answer: () => Promise<unknown> = async () => ({ Body: { transformToString: async () => 'file' } });
const s3 = {
  send: async (command: { input: unknown }) => {
    requests.push(command.input);
    return answer();
  },
};
const handler = createHandler({
  config: loadConfig({ VETTED_DATA_DIR: dataDir }),
  now: () => new Date(),
  dynamo: {} as never,
  s3: s3 as never,
});
const invoke = (input: unknown) => handler(input, lambdaContext('load-library'));

beforeEach(() => {
  state.pointer = { loads: [], indexVersion: undefined, sourceCount: 0 };
  state.commits = [];
  state.builds = 1;
  state.parse = async () => ({ sources: [source('a'), source('b')] });
  requests.length = 0;
  answer = async () => ({ Body: { transformToString: async () => 'file' } });
});

describe('load id', () => {
  it('is the same for the same upload (key and ETag), new for a new upload, and a valid index version id', () => {
    const id = libraryLoadId('imports/Guidelines 2026.jsonl', '"abc"');
    expect(id).toBe(libraryLoadId('imports/Guidelines 2026.jsonl', 'abc'));
    expect(id).not.toBe(libraryLoadId('imports/Guidelines 2026.jsonl', 'abd'));
    expect(id).not.toBe(libraryLoadId('imports/other/Guidelines 2026.jsonl', 'abc'));
    expect(id).toMatch(/^Guidelines-2026\.jsonl-[0-9a-f]{16}$/);
    for (const key of ['imports/.hidden', 'imports/ü.bib', `imports/${'x'.repeat(300)}.ris`]) {
      expect(libraryLoadId(key, 'e')).toMatch(INDEX_VERSION_PATTERN);
    }
  });
});

describe('load-library handler', () => {
  it('reads the upload it was told about (that ETag), parses it by its key, builds and commits a version', async () => {
    const outcome = await invoke(event('imports/lib.jsonl'));
    const loadId = libraryLoadId('imports/lib.jsonl', 'abc123');
    expect(outcome).toEqual({ status: 'loaded', loadId, sourceCount: 2 });
    expect(requests).toEqual([
      { Bucket: 'vetted-dev-library-1-eu-west-1', Key: 'imports/lib.jsonl', IfMatch: '"abc123"' },
    ]);
    expect(state.commits).toEqual([{ loadId, sources: 2 }]);
    const index = await new LanceIndexReader({ root: join(dataDir, 'library-index') }).open(loadId);
    expect(await index.statistics()).toMatchObject({ version: loadId, sources: 2 });
  });

  it('a redelivered event of a committed load does nothing: no read, no build, no commit', async () => {
    state.pointer = {
      loads: [libraryLoadId('imports/lib.jsonl', 'abc123')],
      sourceCount: 2,
      indexVersion: 'x',
    };
    expect(await invoke(event('imports/lib.jsonl'))).toMatchObject({ status: 'already-loaded' });
    expect(requests).toEqual([]);
    expect(state.commits).toEqual([]);
  });

  it('a retry after a half-way attempt drops the version it left and writes it again', async () => {
    state.builds = 2; // the second build of the same version stands for the retry
    const outcome = await invoke(event('imports/retry.jsonl'));
    expect(outcome).toMatchObject({ status: 'loaded', sourceCount: 2 });
  });

  it('never drops the committed version', async () => {
    const loadId = libraryLoadId('imports/same.jsonl', 'abc123');
    state.pointer = { loads: ['earlier'], indexVersion: loadId, sourceCount: 1 };
    await expect(invoke(event('imports/same.jsonl'))).rejects.toThrow(/is the committed one/);
  });

  it('a file that does not parse is refused and not retried: the invocation succeeds, nothing is committed', async () => {
    state.parse = async () => {
      throw new ValidationError('The sources file has 1 error(s); nothing was loaded', [
        { path: 'line 2', message: 'title: required' },
      ]);
    };
    expect(await invoke(event('imports/bad.jsonl'))).toMatchObject({ status: 'refused' });
    expect(state.commits).toEqual([]);
  });

  it('an upload replaced before it was read (412 on its ETag) is left to its newer upload’s event', async () => {
    answer = async () => {
      throw new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
      });
    };
    expect(await invoke(event('imports/lib.jsonl'))).toMatchObject({ status: 'superseded' });
    expect(state.commits).toEqual([]);
  });

  it('any other failure fails the invocation, so Lambda retries it and the DLQ finally holds it', async () => {
    answer = async () => {
      throw new S3ServiceException({
        name: 'SlowDown',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
      });
    };
    await expect(invoke(event('imports/lib.jsonl'))).rejects.toThrow();
    state.parse = async () => {
      throw new Error('out of memory');
    };
    answer = async () => ({ Body: { transformToString: async () => 'file' } });
    await expect(invoke(event('imports/lib.jsonl'))).rejects.toThrow('out of memory');
  });

  it('an event that is not an Object Created event is ignored, not retried', async () => {
    expect(await invoke({ 'detail-type': 'Object Deleted', detail: {} })).toEqual({ status: 'ignored' });
    expect(requests).toEqual([]);
  });
});
