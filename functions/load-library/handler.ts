import { createHash } from 'node:crypto';
import { GetObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import { createDocumentClient, createS3Client } from '../../shared/adapters/aws-clients.ts';
import { withFormattedReferences } from '../../shared/adapters/citations/formatted-references.ts';
import { discardIndexVersion } from '../../shared/adapters/lancedb/index.ts';
import { parseLibraryFile } from '../../shared/adapters/library-import/index.ts';
import { indexLocation } from '../../shared/adapters/library-index.ts';
import { indexBuilder, indexRetirement } from '../../shared/composition/library.ts';
import { compositionRoot } from '../../shared/composition/root.ts';
import { businessMetrics } from '../../shared/composition/services.ts';
import { catalog as libraryCatalog, outbox } from '../../shared/composition/tables.ts';
import { type FieldError, ValidationError } from '../../shared/domain/errors.ts';
import type { FileWithdrawal } from '../../shared/domain/library-withdrawals.ts';
import { createLogger } from '../../shared/logging.ts';
import { observability } from '../../shared/observability/middleware.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { applyFileWithdrawals, checkFileWithdrawals } from '../../shared/use-cases/file-withdrawals.ts';
import { commitLibraryLoad } from '../../shared/use-cases/load-library.ts';
import * as z from '../../shared/zod.ts';

/**
 * The SDK clients this function uses: the sources table (the catalog), the outbox table (the
 * `source.withdrawn` of the sources a file marks withdrawn) and S3 (the import file).
 */
export const platformClients: ClientFactories<'dynamo' | 's3'> = {
  dynamo: createDocumentClient,
  s3: createS3Client,
};

/** What the function reads of EventBridge's S3 "Object Created" event. */
const objectCreated = z.object({
  'detail-type': z.literal('Object Created'),
  detail: z.object({
    bucket: z.object({ name: z.string().check(z.minLength(1)) }),
    object: z.object({
      key: z.string().check(z.minLength(1)),
      etag: z.string().check(z.minLength(1)),
      'version-id': z.optional(z.string()),
    }),
  }),
});

/** Record errors logged in full; a file with more is summarized (the log line stays readable). */
const LOGGED_RECORD_ERRORS = 100;

export type LoadOutcome =
  | { status: 'loaded'; loadId: string; sourceCount: number; withdrawn: number }
  | { status: 'already-loaded'; loadId: string; withdrawn: number }
  | { status: 'refused' | 'superseded'; loadId: string }
  | { status: 'ignored' };

/**
 * The load id of one upload: the file's name (readable in the catalog and
 * the logs) and a hash of its key and ETag, so the same upload delivered
 * twice is the same load, and a new upload under the same key a new one.
 * Shaped as an index version id (letters, digits, `.`, `_`, `-`).
 */
export function libraryLoadId(key: string, etag: string): string {
  const name = (key.split('/').at(-1) ?? '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  const hash = createHash('sha256')
    .update(`${key}\n${etag.replaceAll('"', '')}`)
    .digest('hex')
    .slice(0, 16);
  return name === '' ? `load-${hash}` : `${name}-${hash}`;
}

/** The upload the event names, or undefined when it was replaced since (its own event loads the new one). */
async function readImport(s3: S3Client, bucket: string, key: string, etag: string) {
  try {
    const object = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: `"${etag.replaceAll('"', '')}"` }),
    );
    return (await object.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412) return undefined;
    throw error;
  }
}

export const createHandler = (platform: Platform<'dynamo' | 's3'>) => {
  const logger = createLogger('load-library');
  // The withdrawals a file marks announce source.withdrawn through the outbox.
  const root = compositionRoot(platform, { writesEvents: true });
  const metrics = businessMetrics(root, 'load-library');
  const catalog = libraryCatalog(root);
  const location = indexLocation(platform.config);
  const build = indexBuilder(root);
  const withdrawal = { catalog, events: outbox(root), now: platform.now };

  /** A bad file fails the same way on every retry: logged with its record errors, not retried. */
  const refuse = (loadId: string, reason: string, errors: readonly FieldError[]): LoadOutcome => {
    // Whoever uploaded it fixes it and uploads again (`npm run ops -- library load` checks first).
    logger.error('Library file refused; nothing was loaded', {
      reason,
      recordErrors: errors.length,
      errors: errors.slice(0, LOGGED_RECORD_ERRORS),
    });
    metrics.record({ name: 'LibraryLoadsRefused', value: 1 });
    return { status: 'refused', loadId };
  };

  /** The file's withdrawals, once its load is committed: each through the admin route's use case. */
  const withdraw = async (withdrawals: readonly FileWithdrawal[]) => {
    if (withdrawals.length === 0) return 0;
    await applyFileWithdrawals(withdrawal, withdrawals);
    logger.info('Withdrew the sources the library file marks withdrawn', {
      sourceIds: withdrawals.map(({ sourceId }) => sourceId),
    });
    return withdrawals.length;
  };

  const load = async (event: unknown): Promise<LoadOutcome> => {
    const parsed = objectCreated.safeParse(event);
    if (!parsed.success) {
      // Retrying cannot make it an upload: acknowledged, not failed.
      logger.error('Ignoring an event that is not an S3 Object Created event', {
        issues: parsed.error.issues,
      });
      return { status: 'ignored' };
    }
    const { bucket, object } = parsed.data.detail;
    const loadId = libraryLoadId(object.key, object.etag);
    logger.appendKeys({ loadId, bucket: bucket.name, key: object.key });

    const pointer = await catalog.pointer();
    const text = await readImport(platform.s3, bucket.name, object.key, object.etag);
    if (text === undefined) {
      logger.warn(
        'Library file was replaced before it was read; its newer upload is loaded by its own event',
      );
      return { status: 'superseded', loadId };
    }

    let sources: Awaited<ReturnType<typeof parseLibraryFile>>['sources'];
    let withdrawals: FileWithdrawal[];
    try {
      ({ sources, withdrawals = [] } = await parseLibraryFile(object.key, text));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return refuse(loadId, error.message, error.errors);
    }

    // A redelivered event (EventBridge and Lambda deliver at least once) finds its load committed.
    // Its withdrawals are applied again: an attempt may have died between the commit and them, and
    // a repeat is announced under the same event id, so it changes nothing.
    if (pointer.loads.includes(loadId)) {
      logger.info('Library file already loaded; applying its withdrawals again', {
        withdrawals: withdrawals.length,
      });
      return { status: 'already-loaded', loadId, withdrawn: await withdraw(withdrawals) };
    }

    // Every mark is checked against the file and the library before anything is written.
    const { problems } = await checkFileWithdrawals(
      catalog,
      withdrawals,
      new Set(sources.map(({ id }) => id)),
    );
    if (problems.length > 0)
      return refuse(loadId, 'The file marks withdrawals that cannot be made', problems);

    logger.info('Loading library file', { sources: sources.length, base: pointer.indexVersion });
    const { sourceCount, retired, retireError } = await commitLibraryLoad(
      {
        catalog,
        buildIndex: async (buildRequest) => {
          // Never drop what readers may be serving.
          if (buildRequest.version === pointer.indexVersion) {
            throw new Error(
              `Index version "${buildRequest.version}" is the committed one; refusing to rebuild it`,
            );
          }
          // An earlier attempt of this (uncommitted) load may have left the version half-written.
          if (await discardIndexVersion(location, buildRequest.version)) {
            logger.warn('Dropped a half-written index version of an earlier attempt', {
              indexVersion: buildRequest.version,
            });
          }
          return build(buildRequest);
        },
        retireIndexVersion: indexRetirement(root),
      },
      // AMA references are rendered once, here, so no drafting or publishing pays for citeproc.
      { loadId, sources: await withFormattedReferences(sources) },
    );
    metrics.record({ name: 'LibraryLoads', value: 1 }, { name: 'LibrarySources', value: sourceCount });
    logger.info('Library file loaded and committed', { sourceCount, retiredIndexVersion: retired });
    // The load stands; a version left behind costs storage only (the bucket's lifecycle expires it).
    if (retireError) logger.warn('Could not retire an old index version', { error: retireError });
    return { status: 'loaded', loadId, sourceCount, withdrawn: await withdraw(withdrawals) };
  };

  // Anything else thrown fails the invocation: Lambda retries it, then the event goes to the DLQ.
  return middy<unknown, LoadOutcome>()
    .use(observability(logger, metrics.metrics))
    .handler((event: unknown) => load(event));
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
