import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { libraryBucketName } from '../../infra/aws/naming.ts';
import { type SqsEmulator, startSqsEmulator } from '../../infra/local/sqs-emulator.ts';
import { main as opsCli } from '../../infra/ops/cli.ts';
import { importKey, libraryBucket } from '../../infra/ops/library-load.ts';

const source = (id: string) =>
  JSON.stringify({
    id,
    title: `Guideline ${id}`,
    publisher: 'Example Society',
    year: 2024,
    url: `https://example.org/${id}`,
    text: 'Blood pressure targets for adults.',
  });

describe('npm run ops -- library load (fauxqs S3 on 127.0.0.1)', () => {
  let emulator: SqsEmulator;
  let s3: S3Client;
  const bucket = 'vetted-test-library';
  const dir = mkdtempSync(join(tmpdir(), 'vetted-library-load-'));

  beforeAll(async () => {
    emulator = await startSqsEmulator();
    s3 = new S3Client({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(async () => {
    s3?.destroy();
    await emulator?.stop();
  });

  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    const error = vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
    try {
      return { code: await opsCli(args), out: out.join('\n'), err: err.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  };
  const keys = async () =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);

  it('uploads a valid file under imports/, byte for byte', async () => {
    const file = join(dir, 'guidelines.jsonl');
    const content = `${source('a')}\n${source('b')}\n`;
    writeFileSync(file, content);
    const result = await run(['library', 'load', file, '--bucket', bucket, '--endpoint', emulator.endpoint]);
    expect(result, result.err).toMatchObject({ code: 0 });
    expect(result.out).toContain(`(2 sources) to s3://${bucket}/imports/guidelines.jsonl`);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'imports/guidelines.jsonl' }));
    expect(await object.Body?.transformToString()).toBe(content);
  });

  it('refuses an invalid file before upload and lists its record errors', async () => {
    const file = join(dir, 'broken.jsonl');
    writeFileSync(file, `${source('a')}\n{"id":"b"}\nnot json\n`);
    const before = await keys();
    const result = await run(['library', 'load', file, '--bucket', bucket, '--endpoint', emulator.endpoint]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${file} was not uploaded`);
    expect(result.err).toMatch(/line 2: /);
    expect(result.err).toMatch(/line 3: invalid JSON/);
    expect(await keys()).toEqual(before);
  });

  it('usage errors: no file, no stage or bucket, no account for a stage', async () => {
    expect((await run(['library', 'load'])).code).toBe(2);
    expect((await run(['library', 'upload', 'x.jsonl'])).code).toBe(2);
    expect((await run(['library', 'load', 'x.jsonl'])).err).toMatch(/--stage dev\|prod/);
    const noAccount = await run(['library', 'load', 'x.jsonl', '--stage', 'dev']);
    if (!process.env.AWS_ACCOUNT_ID) expect(noAccount.err).toMatch(/--account ID/);
  });

  it('names the bucket as the CDK app does, and the key after the file', () => {
    expect(libraryBucket({ stage: 'prod', account: '123456789012', region: 'eu-west-1' })).toBe(
      libraryBucketName('prod', '123456789012', 'eu-west-1'),
    );
    expect(libraryBucket({ bucket: 'explicit', stage: 'prod', region: 'eu-west-1' })).toBe('explicit');
    expect(importKey('/some/dir/pubmed.xml')).toBe('imports/pubmed.xml');
    expect(importKey('/some/dir/Guidelines (2026) ü+.ris')).toBe('imports/Guidelines-2026-.ris');
  });
});
