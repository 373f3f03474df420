/**
 * Where LanceDB index versions live: a local directory or an S3 prefix.
 * Each version is its own LanceDB database at `<root>/<version>`: written
 * once by the loader, then only read. No engine import here, so configuration
 * code can name a location without loading the native module.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INDEX_VERSION_PATTERN } from '../../domain/indexed-source.ts';

export interface S3Settings {
  /** A local S3 server (http://127.0.0.1:port); AWS's own endpoint when absent. */
  endpoint?: string;
  region?: string;
  /** Explicit keys (a local server); absent: the SDK chain of the environment (the Lambda role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Plain-HTTP endpoints are refused unless allowed: only local servers speak it. */
  allowHttp?: boolean;
  /** Path-style requests (http://host/bucket/key), which local servers need; AWS prefers virtual-hosted. */
  pathStyle?: boolean;
}

export interface LanceIndexLocation {
  /** A local directory, or `s3://bucket/prefix`. */
  root: string;
  s3?: S3Settings;
  /**
   * Bytes the reader may keep of index data in memory (LanceDB's session
   * cache; its default is 6 GB, far past a Lambda's memory). Default 256 MB.
   */
  indexCacheBytes?: number;
}

export const DEFAULT_INDEX_CACHE_BYTES = 256 * 1024 * 1024;
export const DEFAULT_METADATA_CACHE_BYTES = 64 * 1024 * 1024;

export function isObjectStoreRoot(root: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(root);
}

/** The database URI of one version. */
export function versionUri(location: LanceIndexLocation, version: string): string {
  if (!INDEX_VERSION_PATTERN.test(version)) throw new Error(`Invalid index version id "${version}"`);
  if (isObjectStoreRoot(location.root)) return `${location.root.replace(/\/+$/, '')}/${version}`;
  return join(location.root, version);
}

/** LanceDB's (object_store's) storage option names for the S3 settings. */
export function storageOptions(location: LanceIndexLocation): Record<string, string> {
  const s3 = location.s3;
  if (!s3) return {};
  const options: Record<string, string> = {};
  if (s3.endpoint !== undefined) options.aws_endpoint = s3.endpoint;
  if (s3.region !== undefined) options.aws_region = s3.region;
  if (s3.credentials) {
    options.aws_access_key_id = s3.credentials.accessKeyId;
    options.aws_secret_access_key = s3.credentials.secretAccessKey;
    if (s3.credentials.sessionToken !== undefined) options.aws_session_token = s3.credentials.sessionToken;
  }
  if (s3.allowHttp) options.allow_http = 'true';
  if (s3.pathStyle) options.aws_virtual_hosted_style_request = 'false';
  return options;
}

/**
 * False only when a local version certainly does not exist. Why ask first:
 * connecting to a LanceDB database creates its `__manifest` table, so
 * opening a missing version would leave an empty database behind. On S3 the
 * question would cost a request per cold start, so it is not asked there: a
 * missing version leaves an empty `__manifest` under its prefix (and with a
 * read-only role the open simply fails).
 */
export function mayExist(location: LanceIndexLocation, version: string): boolean {
  if (isObjectStoreRoot(location.root)) return true;
  return existsSync(join(versionUri(location, version), '__manifest'));
}
