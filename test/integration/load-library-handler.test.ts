/**
 * The S3-triggered library loader on the wire: library files put in a
 * bucket of fauxqs's S3, the handler invoked with the Object Created events
 * EventBridge would deliver, the catalogue in DynamoDB Local and the index
 * versions built by LanceDB in the runtime's index directory.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler, libraryLoadId } from '../../functions/load-library/handler.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { LanceIndexReader, LanceSourceIndexBuilder } from '../../shared/adapters/lancedb/index.ts';
import { indexLocation } from '../../shared/adapters/library-index.ts';
import { objectCreated } from '../support/library-files.ts';
import { useRuntime } from '../support/runtime.ts';

const runtime = useRuntime();
const BUCKET = 'vetted-test-library';
let s3: S3Client;
let s3Requests: string[];

const catalog = () => new DynamoLibraryCatalog(runtime().platform.dynamo, runtime().config.tables.sources);
const handler = () =>
  createHandler({ config: runtime().config, now: () => new Date(), dynamo: runtime().platform.dynamo, s3 });
const invoke = (event: unknown) => handler()(event, lambdaContext('load-library'));

const guideline = (id: string, text: string) =>
  JSON.stringify({
    id,
    title: `[Test] Ferret husbandry: ${id}`,
    publisher: 'Test publisher',
    year: 2025,
    url: `https://example.org/${id}`,
    text,
  });

/** Puts a file and answers the event EventBridge would deliver for it (with the object's real ETag). */
const upload = async (key: string, body: string) => {
  const { ETag } = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  return objectCreated(BUCKET, key, (ETag ?? '').replaceAll('"', ''));
};

beforeAll(async () => {
  s3 = new S3Client({
    endpoint: runtime().sqs.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      s3Requests.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  s3Requests = [];
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

describe('load-library on the wire', () => {
  it('loads an upload, commits its version in one step, and changes nothing on a redelivery of it', async () => {
    const event = await upload(
      'imports/ferrets.jsonl',
      `${guideline('ferret-diet', 'Ferrets are obligate carnivores.')}\n${guideline('ferret-vaccines', 'Ferrets are vaccinated against distemper.')}\n`,
    );
    const before = await catalog().pointer();
    const outcome = await invoke(event);
    const loadId = libraryLoadId('imports/ferrets.jsonl', event.detail.object.etag);
    expect(outcome).toEqual({ status: 'loaded', loadId, sourceCount: before.sourceCount + 2, withdrawn: 0 });
    const after = await catalog().pointer();
    expect(after).toMatchObject({ indexVersion: loadId, loads: [...before.loads, loadId] });
    expect([...(await catalog().resolve(['ferret-diet', 'ferret-vaccines'])).keys()].sort()).toEqual([
      'ferret-diet',
      'ferret-vaccines',
    ]);
    const index = await new LanceIndexReader(indexLocation(runtime().config)).open(loadId);
    expect(await index.statistics()).toMatchObject({ version: loadId, sources: before.sourceCount + 2 });

    // A redelivery reads the file again (for its withdrawals, none here) and writes nothing.
    s3Requests.length = 0;
    expect(await invoke(event)).toEqual({ status: 'already-loaded', loadId, withdrawn: 0 });
    expect(s3Requests).toEqual(['GetObjectCommand']);
    expect(await catalog().pointer()).toEqual(after);
  });

  it('a retry after an attempt that died half-way drops the version it left and loads', async () => {
    const event = await upload(
      'imports/retry.jsonl',
      `${guideline('ferret-retry', 'Ferrets sleep a lot.')}\n`,
    );
    const loadId = libraryLoadId('imports/retry.jsonl', event.detail.object.etag);
    // The earlier attempt wrote its version's tables, then died before the commit.
    await new LanceSourceIndexBuilder(indexLocation(runtime().config)).build({
      version: loadId,
      sources: [
        { id: 'half', title: 'Half', publisher: 'p', year: 2025, url: 'https://example.org/h', text: 'x' },
      ],
    });
    expect(await invoke(event)).toMatchObject({ status: 'loaded', loadId });
    expect((await catalog().resolve(['ferret-retry', 'half'])).has('ferret-retry')).toBe(true);
    const index = await new LanceIndexReader(indexLocation(runtime().config)).open(loadId);
    expect((await index.profiles(['half'])).length).toBe(0);
  });

  it('refuses a malformed file without retrying it, and commits nothing', async () => {
    const before = await catalog().pointer();
    const event = await upload(
      'imports/bad.jsonl',
      `${guideline('ferret-ok', 'Fine.')}\n{"id":"no-title"}\n`,
    );
    expect(await invoke(event)).toMatchObject({ status: 'refused' });
    expect(await catalog().pointer()).toEqual(before);
    expect((await catalog().resolve(['ferret-ok'])).size).toBe(0);
  });

  it('leaves an upload replaced before it was read to its newer upload’s event (412 on the old ETag)', async () => {
    const before = await catalog().pointer();
    const old = await upload('imports/replaced.jsonl', `${guideline('ferret-old', 'Old.')}\n`);
    await upload('imports/replaced.jsonl', `${guideline('ferret-new', 'New.')}\n`);
    expect(await invoke(old)).toMatchObject({ status: 'superseded' });
    expect(await catalog().pointer()).toEqual(before);
  });

  it('fails the invocation on anything else (so Lambda retries it), and ignores events that are not uploads', async () => {
    await expect(invoke(objectCreated(BUCKET, 'imports/missing.jsonl', 'abc'))).rejects.toThrow();
    expect(await invoke({ 'detail-type': 'Object Deleted', detail: {} })).toEqual({ status: 'ignored' });
  });

  // Last: it leaves the pointer naming a version no load built.
  it('never rebuilds the version readers are served from', async () => {
    const event = await upload('imports/guarded.jsonl', `${guideline('ferret-guarded', 'Guarded.')}\n`);
    const loadId = libraryLoadId('imports/guarded.jsonl', event.detail.object.etag);
    // A pointer naming this load's version under another load id: the load is not listed, its version serves.
    await catalog().commit('another-load', { indexVersion: loadId, sourceCount: 1 });
    await expect(invoke(event)).rejects.toThrow(/is the committed one/);
  });
});
