import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler, libraryLoadId } from '../../functions/load-library/handler.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import {
  expectNothingOpenedTwice,
  expectWithdrawnAndReReviewed,
  publishedCitingArticle,
  reason,
  successor,
} from '../support/file-withdrawals.ts';
import { libraryBucket, demoRecord as record } from '../support/library-files.ts';
import { useRuntime } from '../support/runtime.ts';

/**
 * The AWS library load (`npm run ops -- library load`: the file put under imports/, the load-library
 * function run on its Object Created event) applies the withdrawals the file marks as `sources:load`
 * does: bad marks refuse the file before anything is written, a marked source is withdrawn once the
 * load commits (notice on the citing article, its re-review), and a redelivery or reload changes nothing.
 */
const runtime = useRuntime();
const BUCKET = 'vetted-test-withdrawals';
let bucket: Awaited<ReturnType<typeof libraryBucket>>;
let uploaded: Awaited<ReturnType<typeof bucket.upload>>;
const upload = (key: string, body: string) => bucket.upload(key, body);

const catalog = () => new DynamoLibraryCatalog(runtime().platform.dynamo, runtime().config.tables.sources);
const invoke = (event: unknown) =>
  createHandler({
    config: runtime().config,
    now: () => new Date(),
    dynamo: runtime().platform.dynamo,
    s3: bucket.s3,
  })(event, lambdaContext('load-library'));

let article: { id: string; slug: string };
let cited: string;

beforeAll(async () => {
  bucket = await libraryBucket(runtime(), BUCKET);
  ({ article, cited } = await publishedCitingArticle(runtime()));
}, 120_000);

describe('withdrawals in a library file loaded by the load-library function', () => {
  it('refuses a file whose marks cannot be read or applied, before anything is written', async () => {
    const before = await catalog().pointer();
    const unreadable = await upload('imports/unreadable.jsonl', `${record(cited, { reason: '   ' })}\n`);
    expect(await invoke(unreadable)).toMatchObject({ status: 'refused' });
    const unusable = await upload(
      'imports/unusable.jsonl',
      `${record(successor)}\n${record(cited, { reason, supersededBy: 'no-such-source' })}\n`,
    );
    expect(await invoke(unusable)).toMatchObject({ status: 'refused' });
    expect(await catalog().pointer()).toEqual(before);
    expect((await catalog().resolveWithWithdrawals([cited])).withdrawn.size).toBe(0);
  });

  const file = () => `${record(cited, { reason, supersededBy: successor })}\n${record(successor)}\n`;

  it('withdraws the marked source once the load commits: a notice on the citing article and its re-review', async () => {
    uploaded = await upload('imports/withdrawals.jsonl', file());
    const loadId = libraryLoadId(uploaded.detail.object.key, uploaded.detail.object.etag);
    expect(await invoke(uploaded)).toMatchObject({ status: 'loaded', loadId, withdrawn: 1 });
    expect((await catalog().pointer()).indexVersion).toBe(loadId);
    await expectWithdrawnAndReReviewed(runtime(), article, cited);
  });

  it('changes nothing when the upload is redelivered or the same file loaded again', async () => {
    const pointer = await catalog().pointer();
    expect(await invoke(uploaded)).toMatchObject({ status: 'already-loaded', withdrawn: 1 });
    expect(await catalog().pointer()).toEqual(pointer);
    const reloaded = await upload('imports/withdrawals-again.jsonl', file());
    expect(await invoke(reloaded)).toMatchObject({ status: 'loaded', withdrawn: 1 });
    await expectNothingOpenedTwice(runtime(), article);
  });

  it('refuses another reason for a source withdrawn already', async () => {
    const before = await catalog().pointer();
    const event = await upload('imports/another-reason.jsonl', `${record(cited, { reason: 'Another' })}\n`);
    expect(await invoke(event)).toMatchObject({ status: 'refused' });
    expect(await catalog().pointer()).toEqual(before);
    expect((await catalog().resolveWithWithdrawals([cited])).withdrawn.get(cited)).toMatchObject({ reason });
  });
});
