import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateLegacyLibrary } from '../../infra/local/library-load.ts';
import { createLocalTable } from '../../infra/local/provision.ts';
import { tables as resourceTables } from '../../infra/resources.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { LanceIndexReader } from '../../shared/adapters/lancedb/index.ts';
import type { SourceMetadata } from '../../shared/domain/source.ts';
import { useRuntime } from '../support/runtime.ts';

/**
 * The library catalogue against DynamoDB Local: each test gets its own
 * sources table (the runtime's holds the demo library), and every request
 * the catalogue sends is counted on the document client's middleware stack.
 */
const runtime = useRuntime({ consumers: false });
let raw: DynamoDBClient;
let client: DynamoDBDocumentClient;
const sent: string[] = [];
let tables = 0;

beforeAll(() => {
  raw = new DynamoDBClient({
    endpoint: runtime().dynamodb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName as string);
      return next(args);
    },
    { step: 'initialize', name: 'countCatalogueRequests' },
  );
});
afterAll(() => client.destroy());

const newTable = async (): Promise<string> => {
  const name = `catalogue-test-${Date.now().toString(36)}-${tables++}`;
  await createLocalTable(raw, name, resourceTables.sources);
  return name;
};

const source = (id: string, edition = 1, extra: Partial<SourceMetadata> = {}): SourceMetadata => ({
  id,
  title: `${id}, edition ${edition}`,
  publisher: 'Test publisher',
  year: 2000 + edition,
  url: `https://example.org/${id}`,
  ...extra,
});

const counted = async <T>(action: () => Promise<T>): Promise<{ result: T; commands: string[] }> => {
  sent.length = 0;
  const result = await action();
  return { result, commands: [...sent] };
};

const loaded = async (count: number) => {
  const catalog = new DynamoLibraryCatalog(client, await newTable());
  const sources = Array.from({ length: count }, (_, index) => source(`src-${index}`));
  await catalog.write('load-1', sources);
  await catalog.commit('load-1', { indexVersion: 'load-1', sourceCount: count });
  return catalog;
};

describe('the library catalogue', () => {
  it('resolves a cited id to its newest committed version; unknown ids are absent', async () => {
    const catalog = new DynamoLibraryCatalog(client, await newTable());
    expect(await catalog.resolve(['a'])).toEqual(new Map());
    await catalog.write('load-1', [
      source('a', 1, { authors: [{ family: 'Smith', given: 'Ann' }], doi: '10.1000/a1' }),
      source('b', 1),
    ]);
    await catalog.commit('load-1', { indexVersion: 'index-1', sourceCount: 2 });
    await catalog.write('load-2', [source('a', 2)]);
    await catalog.commit('load-2', { indexVersion: 'index-2', sourceCount: 2 });

    const resolved = await catalog.resolve(['a', 'b', 'nowhere', 'a']);
    expect([...resolved.keys()].sort()).toEqual(['a', 'b']);
    expect(resolved.get('a')).toEqual(source('a', 2));
    expect(resolved.get('b')).toEqual(source('b', 1));
    expect(await catalog.pointer()).toMatchObject({
      loads: ['load-1', 'load-2'],
      indexVersion: 'index-2',
      sourceCount: 2,
      committedAt: expect.any(String),
    });
  });

  it('stores the whole metadata object it is given', async () => {
    const catalog = new DynamoLibraryCatalog(client, await newTable());
    const full = source('full', 1, {
      authors: [{ family: 'Smith', given: 'Ann' }, { literal: 'WHO Guideline Group' }],
      container: 'Journal of Tests',
      volume: '12',
      issue: '3',
      pages: '45-67',
      doi: '10.1000/full',
      pmid: '12345',
    });
    const withFormatted = { ...full, formatted: 'Smith A. full. Journal of Tests. 2001;12(3):45-67.' };
    await catalog.write('load-1', [withFormatted]);
    await catalog.commit('load-1', { indexVersion: 'load-1', sourceCount: 1 });
    expect((await catalog.resolve(['full'])).get('full')).toEqual(withFormatted);
  });

  it('ignores a load that failed half-way, and switches to a committed load in one step', async () => {
    const catalog = await loaded(3);
    // Half a load: written, never committed (the loader died before its commit).
    await catalog.write('load-failed', [source('src-0', 9), source('new-one', 9)]);
    const afterFailure = await catalog.resolve(['src-0', 'new-one']);
    expect(afterFailure.get('src-0')).toEqual(source('src-0', 1));
    expect(afterFailure.has('new-one')).toBe(false);

    await catalog.write('load-2', [source('src-0', 2), source('src-1', 2), source('new-one', 2)]);
    const beforeCommit = await catalog.resolve(['src-0', 'src-1', 'new-one']);
    expect([...beforeCommit.values()].map((metadata) => metadata.year)).toEqual([2001, 2001]);
    const { commands } = await counted(() =>
      catalog.commit('load-2', { indexVersion: 'load-2', sourceCount: 4 }),
    );
    expect(commands).toEqual(['UpdateItemCommand']);
    const afterCommit = await catalog.resolve(['src-0', 'src-1', 'src-2', 'new-one']);
    expect(Object.fromEntries([...afterCommit].map(([id, metadata]) => [id, metadata.year]))).toEqual({
      'src-0': 2002,
      'src-1': 2002,
      'src-2': 2001,
      'new-one': 2002,
    });
    // A retried commit changes nothing.
    await catalog.commit('load-2', { indexVersion: 'load-2', sourceCount: 4 });
    expect((await catalog.pointer()).loads).toEqual(['load-1', 'load-2']);
  });

  it('counts the sources a load adds to the library', async () => {
    const catalog = await loaded(3);
    await catalog.write('load-failed', [source('only-in-a-failed-load')]);
    const result = await catalog.write('load-2', [
      source('src-0', 2),
      source('brand-new'),
      source('only-in-a-failed-load'),
    ]);
    expect(result).toEqual({ written: 3, added: 2 });
  });

  it('keeps each item bounded: superseded committed versions and day-old uncommitted ones are pruned', async () => {
    const table = await newTable();
    const catalog = new DynamoLibraryCatalog(client, table);
    const versionsOf = async () => {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: { pk: 'SRC#a', sk: 'META' }, ConsistentRead: true }),
      );
      return Object.keys(Item?.versions ?? {}).sort();
    };
    for (const load of ['load-1', 'load-2', 'load-3', 'load-4']) {
      await catalog.write(load, [source('a', Number(load.slice(-1)))]);
      await catalog.commit(load, { indexVersion: load, sourceCount: 1 });
    }
    // Writing load-4 pruned load-2 (superseded by load-3); load-1 went when load-3 was written.
    expect(await versionsOf()).toEqual(['load-3', 'load-4']);
    await catalog.write('load-failed', [source('a', 9)]);
    expect(await versionsOf()).toEqual(['load-4', 'load-failed']);
    // A day later, the failed load's version goes with the next write.
    const later = new DynamoLibraryCatalog(client, table, () => new Date(Date.now() + 25 * 60 * 60 * 1000));
    await later.write('load-5', [source('a', 5)]);
    expect(await versionsOf()).toEqual(['load-4', 'load-5']);
    expect((await catalog.resolve(['a'])).get('a')).toEqual(source('a', 4));
  });

  it('indexes, once, a library loaded before the search index existed', async () => {
    const table = await newTable();
    // What an older version left: full-text items and a pointer with loads only.
    for (const [id, text] of [
      ['old-a', 'An old source about zebra husbandry.'],
      ['old-b', 'Another old source about zebra grazing.'],
    ] as const) {
      await client.send(
        new PutCommand({
          TableName: table,
          Item: {
            pk: `SRC#${id}`,
            sk: 'LOAD#old-load',
            entity: 'source',
            loadId: 'old-load',
            ...source(id),
            text,
          },
        }),
      );
    }
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: 'LIBRARY', sk: 'POINTER' },
        UpdateExpression: 'SET loads = :loads',
        ExpressionAttributeValues: { ':loads': ['old-load'] },
      }),
    );
    const location = { root: mkdtempSync(join(tmpdir(), 'vetted-legacy-index-')) };
    const catalog = new DynamoLibraryCatalog(client, table);
    expect((await catalog.resolve(['old-a'])).size).toBe(0);
    expect(await migrateLegacyLibrary(client, table, location)).toBe(2);
    expect((await catalog.resolve(['old-a', 'old-b'])).get('old-a')).toEqual(source('old-a'));
    const pointer = await catalog.pointer();
    expect(pointer).toMatchObject({ sourceCount: 2 });
    const index = await new LanceIndexReader(location).open(pointer.indexVersion ?? '');
    expect((await index.source('old-b'))?.passages.map((passage) => passage.text)).toEqual([
      'Another old source about zebra grazing.',
    ]);
    expect(await migrateLegacyLibrary(client, table, location)).toBeUndefined();
  });

  describe('requests', () => {
    let small: DynamoLibraryCatalog;
    let large: DynamoLibraryCatalog;
    beforeAll(async () => {
      small = await loaded(10);
      large = await loaded(1000);
    }, 120_000);

    it('resolves the ids a draft cites with exactly one BatchGetItem, for a library of 10 or of 1,000', async () => {
      for (const [size, catalog] of [
        [10, small],
        [1000, large],
      ] as const) {
        for (const cited of [1, 10, 20]) {
          const ids = Array.from({ length: cited }, (_, index) => `src-${(index * 7) % size}`);
          const unknown = ['not-in-the-library'];
          const { result, commands } = await counted(() => catalog.resolve([...ids, ...unknown]));
          expect(commands, `${cited} cited of ${size}`).toEqual(['BatchGetItemCommand']);
          expect([...result.keys()].sort()).toEqual([...new Set(ids)].sort());
        }
      }
    });

    it('sends nothing for a draft citing no library source, and splits over 99 distinct ids', async () => {
      expect((await counted(() => large.resolve([]))).commands).toEqual([]);
      const ids = Array.from({ length: 150 }, (_, index) => `src-${index}`);
      const { result, commands } = await counted(() => large.resolve(ids));
      expect(commands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
      expect(result.size).toBe(150);
    });

    it('writes a load with one UpdateItem per source, pruning included, and commits it with one', async () => {
      const catalog = new DynamoLibraryCatalog(client, await newTable());
      const sources = Array.from({ length: 200 }, (_, index) => source(`src-${index}`));
      const first = await counted(() => catalog.write('load-1', sources));
      expect(first.commands.filter((name) => name !== 'UpdateItemCommand')).toEqual(['GetItemCommand']);
      expect(first.commands.length).toBe(1 + 200);
      await catalog.commit('load-1', { indexVersion: 'load-1', sourceCount: 200 });
      const again = await counted(() => catalog.write('load-2', sources));
      // The items exist now: one UpdateItem adding the version to each (nothing to prune yet).
      expect(again.commands.length).toBe(1 + 200);
      await catalog.commit('load-2', { indexVersion: 'load-2', sourceCount: 200 });
      // A third load supersedes the first in the same request as it adds its own version.
      const third = await counted(() => catalog.write('load-3', sources));
      expect(third.commands.length).toBe(1 + 200);
      expect((await catalog.resolve(['src-0'])).get('src-0')).toEqual(source('src-0'));
    });
  });
});
