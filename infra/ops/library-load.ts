import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseLibraryFile } from '../../shared/adapters/library-import/index.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { libraryBucketName } from '../aws/naming.ts';
import { buckets } from '../resources.ts';

/** Record errors printed before the list is cut short. */
const PRINTED_ERRORS = 50;

export interface LibraryLoadTarget {
  /** An explicit bucket name wins; otherwise the stage's, from naming.ts. */
  readonly bucket?: string;
  readonly stage?: string;
  readonly account?: string;
  readonly region: string;
}

/** The deployed library bucket, named as the CDK app names it; a sentence when it cannot be known. */
export function libraryBucket(target: LibraryLoadTarget): string {
  if (target.bucket) return target.bucket;
  if (!target.stage)
    throw new Error('Name the deployment: --stage dev|prod (or the bucket itself: --bucket NAME)');
  if (!target.account) {
    throw new Error(
      'The bucket name holds the AWS account id: pass --account ID (or set AWS_ACCOUNT_ID), or --bucket NAME (the LibraryBucketName output of the stateful stack)',
    );
  }
  return libraryBucketName(target.stage, target.account, target.region);
}

/**
 * The key an import file is uploaded under: `imports/<file name>`, with
 * anything but letters, digits, `.`, `_` and `-` made a `-`. S3 puts keys into
 * some of its event formats URL-encoded: a plain key reads the same either way.
 */
export const importKey = (file: string): string =>
  `${buckets.libraryIndex.prefixes.imports.prefix}${basename(file).replace(/[^A-Za-z0-9._-]+/g, '-')}`;

export type LibraryLoadResult =
  | { status: 'refused'; errors: string[] }
  | { status: 'uploaded'; bucket: string; key: string; sources: number; etag?: string };

/**
 * Checks a library file here, as the loader will (the same parser), and
 * uploads it only if it parses: a file with errors is refused before it
 * reaches S3, with its errors. The loader starts on the upload's event.
 */
export async function loadLibraryFile(
  s3: S3Client,
  file: string,
  bucket: string,
  read: (file: string) => Promise<string> = (path) => readFile(path, 'utf8'),
): Promise<LibraryLoadResult> {
  const content = await read(file);
  let sources: number;
  try {
    sources = (await parseLibraryFile(basename(file), content)).sources.length;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const errors = error.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
    return { status: 'refused', errors: [error.message, ...errors] };
  }
  const key = importKey(file);
  const put = await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: content, ContentType: contentType(file) }),
  );
  return { status: 'uploaded', bucket, key, sources, ...(put.ETag ? { etag: put.ETag } : {}) };
}

const contentType = (file: string): string =>
  file.endsWith('.json')
    ? 'application/json'
    : file.endsWith('.xml')
      ? 'application/xml'
      : 'text/plain; charset=utf-8';

/** The refusal as printed: the errors, cut short past PRINTED_ERRORS. */
export function refusalLines(file: string, errors: readonly string[]): string[] {
  const [message, ...records] = errors;
  const shown = records.slice(0, PRINTED_ERRORS).map((line) => `  ${line}`);
  const more = records.length > PRINTED_ERRORS ? [`  … and ${records.length - PRINTED_ERRORS} more`] : [];
  return [`${file} was not uploaded: ${message}`, ...shown, ...more];
}
