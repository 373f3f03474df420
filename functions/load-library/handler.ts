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
import { catalog as libraryCatalog } from '../../shared/composition/tables.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { createLogger } from '../../shared/logging.ts';
import { observability } from '../../shared/observability/middleware.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { commitLibraryLoad } from '../../shared/use-cases/load-library.ts';
import * as z from '../../shared/zod.ts';

/** The SDK clients this function uses: the sources table (the catalog) and S3 (the import file). */
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
  | { status: 'loaded'; loadId: string; sourceCount: number }
  | { status: 'already-loaded' | 'refused' | 'superseded'; loadId: string }
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
  const root = compositionRoot(platform);
  const metrics = businessMetrics(root, 'load-library');
  const catalog = libraryCatalog(root);
  const location = indexLocation(platform.config);
  const build = indexBuilder(root);

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

    // A redelivered event (EventBridge and Lambda deliver at least once) finds its load committed.
    const pointer = await catalog.pointer();
    if (pointer.loads.includes(loadId)) {
      logger.info('Library file already loaded; nothing to do');
      return { status: 'already-loaded', loadId };
    }
    const text = await readImport(platform.s3, bucket.name, object.key, object.etag);
    if (text === undefined) {
      logger.warn(
        'Library file was replaced before it was read; its newer upload is loaded by its own event',
      );
      return { status: 'superseded', loadId };
    }

    let sources: Awaited<ReturnType<typeof parseLibraryFile>>['sources'];
    try {
      ({ sources } = await parseLibraryFile(object.key, text));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // A bad file fails the same way on every retry: logged with its record errors, not retried.
      // Whoever uploaded it fixes it and uploads again (`npm run ops -- library load` checks first).
      logger.error('Library file refused; nothing was loaded', {
        reason: error.message,
        recordErrors: error.errors.length,
        errors: error.errors.slice(0, LOGGED_RECORD_ERRORS),
      });
      metrics.record({ name: 'LibraryLoadsRefused', value: 1 });
      return { status: 'refused', loadId };
    }

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
    return { status: 'loaded', loadId, sourceCount };
  };

  // Anything else thrown fails the invocation: Lambda retries it, then the event goes to the DLQ.
  return middy<unknown, LoadOutcome>()
    .use(observability(logger, metrics.metrics))
    .handler((event: unknown) => load(event));
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
