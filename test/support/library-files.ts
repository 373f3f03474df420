import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Runtime } from '../../infra/local/runtime.ts';

const demoLines = readFileSync(
  fileURLToPath(new URL('../../shared/adapters/generators/demo-library.jsonl', import.meta.url)),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '');

/** The demo library's record of a source, as a library file line, with a withdrawal mark. */
export const demoRecord = (id: string, withdrawn?: Record<string, unknown>) => {
  const line = demoLines.find((candidate) => JSON.parse(candidate).id === id);
  if (!line) throw new Error(`no demo source ${id}`);
  return JSON.stringify({ ...JSON.parse(line), ...(withdrawn ? { withdrawn } : {}) });
};

/** The Object Created event EventBridge delivers for an upload to `bucket`. */
export const objectCreated = (bucket: string, key: string, etag: string) => ({
  'detail-type': 'Object Created',
  source: 'aws.s3',
  detail: { bucket: { name: bucket }, object: { key, etag, size: 10 } },
});

/** A client of the runtime's S3 (fauxqs), and a bucket made in it for library files. */
export const libraryBucket = async (runtime: Runtime, bucket: string) => {
  const s3 = new S3Client({
    endpoint: runtime.sqs.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  /** Puts a file and answers the event EventBridge would deliver for it (with the object's real ETag). */
  const upload = async (key: string, body: string) => {
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    return objectCreated(bucket, key, (ETag ?? '').replaceAll('"', ''));
  };
  return { s3, upload };
};
