/**
 * The library index location of a configuration: in AWS the bucket and
 * prefix the CDK app sets (LIBRARY_INDEX_BUCKET, LIBRARY_INDEX_PREFIX), read
 * and written with the function role's credentials; locally, where there is
 * no bucket, a directory in the data directory.
 */
import { join } from 'node:path';
import type { Config } from '../../config.ts';
import type { LanceIndexLocation } from './location.ts';

/** The directory under the data directory that holds the local index versions. */
export const LOCAL_INDEX_DIRECTORY = 'library-index';

export function libraryIndexLocation(config: Config): LanceIndexLocation {
  const { bucket, prefix } = config.libraryIndex;
  if (bucket === undefined) return { root: join(config.auth.dataDir, LOCAL_INDEX_DIRECTORY) };
  const path = prefix.replace(/^\/+|\/+$/g, '');
  return {
    root: path === '' ? `s3://${bucket}` : `s3://${bucket}/${path}`,
    s3: { region: config.region },
  };
}
