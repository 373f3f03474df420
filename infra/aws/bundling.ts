import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { FunctionDescription } from '../resources.ts';

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

/** One function's bundling: the common options, minus what it takes from the Lambda runtime. */
export const functionBundling = (description: Pick<FunctionDescription, 'runtimeProvided'>) => ({
  ...FUNCTION_BUNDLING,
  mainFields: [...FUNCTION_BUNDLING.mainFields],
  externalModules: [...(description.runtimeProvided ?? [])],
});

/** The functions' NODE_OPTIONS: stack traces point into the TypeScript sources. */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';
