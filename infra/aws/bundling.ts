import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BucketName, buckets, type FunctionDescription, type PrefixDescription } from '../resources.ts';

/** Every function's architecture: Graviton, about 20% cheaper per GB-second than x86_64. */
export const FUNCTION_ARCHITECTURE = Architecture.ARM_64;

/** Lets ESM bundles load CommonJS dependencies that call `require`. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * How every function is bundled (ESM, Node 22, minified, source maps without
 * sources, AWS SDK bundled). The CDK's NodejsFunction takes it as is and the
 * cold-start benchmark (test/bench/coldstart.ts) turns it into the same
 * esbuild options, so what is measured is what is deployed.
 */
export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  platform: 'node',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Bundle the AWS SDK too: pinned versions, and tree-shaken cold starts.
  externalModules: [],
} as const satisfies BundlingOptions;

/**
 * Packages esbuild cannot bundle, installed into the asset instead (and left
 * out of the bundle): LanceDB loads a native module (`@lancedb/lancedb-<platform>`,
 * about 170 MB unpacked), and Arrow must be the one copy LanceDB's CommonJS
 * checks types against (shared/adapters/lancedb/engine.ts).
 */
export const LANCEDB_NODE_MODULES = ['@lancedb/lancedb', 'apache-arrow'] as const;

/**
 * The platform npm installs native packages for: the functions' (Linux,
 * glibc, arm64), not the machine running the synth. `npm ci` reads these
 * from the environment. prefer-offline: packages already in npm's cache are
 * not fetched again (a synth works offline once the cache holds them).
 */
export const NATIVE_INSTALL_ENVIRONMENT: Record<string, string> = {
  npm_config_os: 'linux',
  npm_config_cpu: FUNCTION_ARCHITECTURE === Architecture.ARM_64 ? 'arm64' : 'x64',
  npm_config_libc: 'glibc',
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
};

/** A function that opens the library index: it binds a prefix whose objects LanceDB reads or writes. */
export const usesLanceDb = (description: Pick<FunctionDescription, 'buckets'>): boolean =>
  (Object.entries(description.buckets ?? {}) as [BucketName, Record<string, unknown>][]).some(
    ([bucket, access]) =>
      Object.keys(access).some(
        (prefix) =>
          (buckets[bucket].prefixes as Record<string, PrefixDescription>)[prefix]?.client === 'lancedb',
      ),
  );

/**
 * One function's bundling: the common options, minus what it takes from the
 * Lambda runtime; a function using LanceDB gets LanceDB and Arrow installed
 * into its asset for the functions' platform.
 */
export const functionBundling = (description: Pick<FunctionDescription, 'runtimeProvided' | 'buckets'>) => ({
  ...FUNCTION_BUNDLING,
  mainFields: [...FUNCTION_BUNDLING.mainFields],
  externalModules: [...(description.runtimeProvided ?? [])],
  ...(usesLanceDb(description)
    ? { nodeModules: [...LANCEDB_NODE_MODULES], environment: { ...NATIVE_INSTALL_ENVIRONMENT } }
    : {}),
});

/** The functions' NODE_OPTIONS: stack traces point into the TypeScript sources. */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';
