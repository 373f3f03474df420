import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SqsEmulator, startSqsEmulator } from '../../infra/local/sqs-emulator.ts';
import { loadEngine } from '../../shared/adapters/lancedb/engine.ts';
import {
  type LanceIndexLocation,
  LanceIndexReader,
  LanceSourceIndexBuilder,
} from '../../shared/adapters/lancedb/index.ts';
import { versionUri } from '../../shared/adapters/lancedb/location.ts';
import { SOURCES_TABLE } from '../../shared/adapters/lancedb/tables.ts';
import { tokenize } from '../../shared/domain/bm25.ts';
import type { Source } from '../../shared/domain/source.ts';
import type { Passage } from '../../shared/ports/source-index.ts';
import { REPO_ROOT } from '../bench/lib.ts';
import { CONTRACT_LIBRARY, describeSourceIndexContract } from '../support/source-index-contract.ts';

const directory = mkdtempSync(join(tmpdir(), 'vetted-lancedb-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeSourceIndexContract('LanceDB on a local directory', () => {
  const location = { root: join(directory, 'contract') };
  // A new reader per open: each is a container that has not seen the version before.
  return {
    builder: new LanceSourceIndexBuilder(location),
    open: (version) => new LanceIndexReader(location).open(version),
  };
});

describe('LanceDB adapter loading', () => {
  it('loads neither LanceDB nor Arrow until an index is built or opened', () => {
    // In a fresh process: LanceDB loads its native binding as soon as it is required.
    const script = `
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((path) => /lancedb|apache-arrow/.test(path));
      await import('./shared/adapters/lancedb/index.ts');
      const before = loaded().length;
      const { loadEngine } = await import('./shared/adapters/lancedb/engine.ts');
      await loadEngine();
      console.log(JSON.stringify({ before, after: loaded().length }));
    `;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
    }).toString();
    const { before, after } = JSON.parse(output.trim().split('\n').pop() ?? '{}') as {
      before: number;
      after: number;
    };
    expect(before).toBe(0);
    expect(after).toBeGreaterThan(0);
  });
});

describe('LanceDB index versions on disk', () => {
  const location = { root: join(directory, 'versions') };

  it('keeps each version in its own directory, and a reader reuses the version it opened', async () => {
    const builder = new LanceSourceIndexBuilder(location);
    await builder.build({ version: 'one', sources: CONTRACT_LIBRARY });
    await builder.build({ version: 'two', base: 'one', sources: CONTRACT_LIBRARY.slice(0, 1) });
    expect(readdirSync(location.root).sort()).toEqual(['one', 'two']);
    await expect(builder.build({ version: 'three', base: 'none', sources: [] })).rejects.toThrow(/none/);

    const reader = new LanceIndexReader(location);
    const first = await reader.open('one');
    expect(await reader.open('one')).toBe(first);
    const second = await reader.open('two');
    expect(second).not.toBe(first);
    expect((await second.statistics()).version).toBe('two');
    await expect(reader.open('three')).rejects.toThrow(/three/);
    expect(await reader.open('two')).not.toBe(second);
    // Neither the missing base nor the missing version left a directory behind.
    expect(readdirSync(location.root).sort()).toEqual(['one', 'two']);
  });

  it('reads and builds on a version written before sources recorded their phrases', async () => {
    const builder = new LanceSourceIndexBuilder(location);
    await builder.build({ version: 'before-phrases', sources: CONTRACT_LIBRARY });
    // What an older builder wrote: a sources table without the phrases column.
    const { lancedb } = await loadEngine();
    const db = await lancedb.connect(versionUri(location, 'before-phrases'));
    await (await db.openTable(SOURCES_TABLE)).dropColumns(['phrases']);

    const old = await new LanceIndexReader(location).open('before-phrases');
    const [profile] = await old.profiles(['vitamin-d-children']);
    expect(profile?.terms.has(tokenize('rickets')[0] ?? '')).toBe(true);
    // No phrases recorded: the relevance decision reads its words as it did before.
    expect(profile?.phrases).toBeUndefined();

    // A load on top of it keeps the old sources unphrased and records the new one's.
    const added = { ...(CONTRACT_LIBRARY[0] as Source), id: 'added', title: 'Iron tablets for anaemia' };
    await builder.build({ version: 'after-phrases', base: 'before-phrases', sources: [added] });
    const next = await new LanceIndexReader(location).open('after-phrases');
    const profiles = await next.profiles(['vitamin-d-children', 'added']);
    const byId = new Map(profiles.map((entry) => [entry.source.id, entry]));
    expect(byId.get('vitamin-d-children')?.phrases).toBeUndefined();
    expect(byId.get('added')?.phrases?.has(tokenize('iron tablets').join(' '))).toBe(true);
  });

  it('builds the full-text index of more passages than one index build batch holds', async () => {
    // 15,000 passages: LanceDB 0.31 deadlocks building this on a one-thread CPU pool (see engine.ts).
    const sources: Source[] = Array.from({ length: 1500 }, (_, item) => ({
      id: `large-${item}`,
      title: `Large library guideline ${item}`,
      publisher: 'Vetted demo library',
      year: 2024,
      url: `https://example.org/large-${item}`,
      text: Array.from({ length: 10 }, (_, position) => {
        // Some 60 terms a passage from a 60,000-word vocabulary: the index build holds ~900,000 postings.
        const words = Array.from(
          { length: 58 },
          (_, word) => `w${(item * 310 + position * 31 + word * 17) % 60_000}`,
        );
        return `Finding f${item}x${position} and term${item % 97} ${words.join(' ')}.`;
      }).join('\n\n'),
    }));
    const builder = new LanceSourceIndexBuilder(location);
    expect(await builder.build({ version: 'large', sources })).toEqual({ sources: 1500, passages: 15_000 });
    const index = await new LanceIndexReader(location).open('large');
    const [hit] = await index.searchPassages(tokenize('f1234x5'), 1);
    expect(hit?.passage.id).toBe('large-1234#5');
    expect(Object.fromEntries(await index.documentFrequencies(tokenize('term5')))).toEqual({ term5: 16 });
  }, 60_000);

  it('trains a vector index once the library is large enough, and still finds the nearest passage', async () => {
    const dimensions = 16;
    const vectorOf = (text: string): number[] => {
      const seed = Number(/\d+/.exec(text)?.[0] ?? 0);
      // A pseudo-random unit-free vector per number (the classic shader hash): no two passages alike.
      return Array.from({ length: dimensions }, (_, index) => {
        const value = Math.sin(seed * 12.9898 + index * 78.233) * 43758.5453;
        return value - Math.floor(value) - 0.5;
      });
    };
    const sources: Source[] = Array.from({ length: 60 }, (_, item) => ({
      id: `vector-${item}`,
      title: `Vector guideline ${item}`,
      publisher: 'Vetted demo library',
      year: 2024,
      url: `https://example.org/vector-${item}`,
      text: Array.from({ length: 10 }, (_, position) => `Point ${item * 10 + position} here.`).join('\n\n'),
    }));
    const builder = new LanceSourceIndexBuilder(location, { vectorIndexMinRows: 500 });
    const embed = async (passages: readonly Passage[]) => passages.map((passage) => vectorOf(passage.text));
    expect(await builder.build({ version: 'vectors', sources, embed })).toEqual({
      sources: 60,
      passages: 600,
    });
    const index = await new LanceIndexReader(location).open('vectors');
    const [nearest] = await index.nearestPassages(vectorOf('Point 123 here.'), 1);
    expect(nearest?.passage.text).toBe('Point 123 here.');
    await expect(index.nearestPassages([1, 2], 1)).rejects.toThrow(/dimensions/);
  });
});

describe('LanceDB index on S3 (fauxqs)', () => {
  let emulator: SqsEmulator;
  let location: LanceIndexLocation;
  const bucket = 'vetted-library';

  beforeAll(async () => {
    // fauxqs serves S3 (path-style, in memory) on the same port as SQS.
    emulator = await startSqsEmulator();
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const s3 = new S3Client({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials,
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    s3.destroy();
    location = {
      root: `s3://${bucket}/library-index`,
      s3: { endpoint: emulator.endpoint, region: 'us-east-1', credentials, allowHttp: true, pathStyle: true },
    };
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  describeSourceIndexContract('LanceDB on S3', () => ({
    builder: new LanceSourceIndexBuilder(location),
    open: (version) => new LanceIndexReader(location).open(version),
  }));

  it('writes every version under its own prefix and reads it back after a reopen', async () => {
    const s3 = new S3Client({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'library-index/', ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      token = page.NextContinuationToken;
    } while (token);
    s3.destroy();
    const tables = new Set(
      keys
        .filter((key) => /\.lance\/_versions\//.test(key))
        .map((key) => key.split('/').slice(1, 3).join('/')),
    );
    // Every built version has its own tables; the missing base and the refused build have none.
    for (const version of ['base', 'next', 'broken', 'embedded', 'embedded-2']) {
      expect([...tables].filter((table) => table.startsWith(`${version}/`)).sort()).toEqual([
        `${version}/passages.lance`,
        `${version}/sources.lance`,
        `${version}/terms.lance`,
      ]);
    }
    expect([...tables].some((table) => /^(orphan|missing)\/[a-z]+\.lance$/.test(table))).toBe(false);
    expect(keys.some((key) => key.startsWith('library-index/base/passages.lance/_indices/'))).toBe(true);

    const reopened = await new LanceIndexReader(location).open('next');
    expect((await reopened.statistics()).sources).toBe(5);
    const [hit] = await reopened.searchPassages(tokenize('intramuscular adrenaline'), 1);
    expect(hit?.passage.sourceId).toBe('anaphylaxis');
  });
});
