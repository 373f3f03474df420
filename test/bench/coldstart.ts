import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { FUNCTION_BUNDLING, FUNCTION_NODE_OPTIONS, functionBundling } from '../../infra/aws/bundling.ts';
import {
  draftingEnvironment,
  type FunctionDescription,
  type FunctionName,
  functions,
  queues,
  tables,
} from '../../infra/resources.ts';
import { type Benchmark, type BenchOutcome, type Metric, median, REPO_ROOT, round } from './lib.ts';

const run = promisify(execFile);

/** Fresh processes per bundle and mode; samples are interleaved across bundles so load hits all alike. */
const SAMPLES = Number(process.env.COLDSTART_SAMPLES ?? 15);
const BASELINE = 'baseline';
const CHILD = join(REPO_ROOT, 'test', 'bench', 'coldstart-child.mjs');

/** The esbuild options the CDK's NodejsFunction derives from FUNCTION_BUNDLING (its buildEsbuildArgs). */
export const esbuildOptions = (
  entry: string,
  outdir: string,
  bundling: ReturnType<typeof functionBundling> = functionBundling({}),
): BuildOptions => ({
  entryPoints: [entry],
  bundle: true,
  outfile: join(outdir, FUNCTION_BUNDLING.format === 'esm' ? 'index.mjs' : 'index.js'),
  target: FUNCTION_BUNDLING.target,
  platform: FUNCTION_BUNDLING.platform,
  format: FUNCTION_BUNDLING.format,
  minify: FUNCTION_BUNDLING.minify,
  sourcemap: FUNCTION_BUNDLING.sourceMap,
  sourcesContent: FUNCTION_BUNDLING.sourcesContent,
  // The CDK leaves nodeModules out of the bundle too (installed beside it): LanceDB's native module.
  external: [...bundling.externalModules, ...(('nodeModules' in bundling && bundling.nodeModules) || [])],
  banner: { js: FUNCTION_BUNDLING.banner },
  mainFields: [...FUNCTION_BUNDLING.mainFields],
  logLevel: 'warning',
  metafile: true,
});

/**
 * What a deployed function finds in its environment: every table and queue of
 * infra/resources.ts, the drafting settings and JWKS auth, as the CDK sets
 * them (values are never dialled: nothing is invoked).
 */
const lambdaEnvironment = (name: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  AWS_REGION: 'eu-west-1',
  AWS_LAMBDA_FUNCTION_NAME: `vetted-dev-${name}`,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  POWERTOOLS_SERVICE_NAME: `vetted-${name}`,
  POWERTOOLS_METRICS_NAMESPACE: 'Vetted',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  ...Object.fromEntries(Object.entries(tables).map(([name, table]) => [table.envVar, `vetted-dev-${name}`])),
  ...Object.fromEntries(
    Object.values(queues).map((queue) => [
      queue.envVar,
      `https://sqs.eu-west-1.amazonaws.com/123456789012/vetted-dev-${queue.name}`,
    ]),
  ),
  ...draftingEnvironment(),
  EVENT_BUS_NAME: 'vetted-dev-events',
  DRAFT_GENERATOR: 'bedrock',
  BEDROCK_MODEL_ID: 'amazon.nova-lite-v1:0',
  AUTH_MODE: 'jwks',
  JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example',
  JWT_AUDIENCE: 'example-client',
  JWKS_URL: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example/.well-known/jwks.json',
});

/** Per bundle: wall-clock and CPU milliseconds of each sample, without and with source maps. */
interface Series {
  plain: number[];
  sourceMaps: number[];
  cpu: number[];
  cpuSourceMaps: number[];
}

interface Bundle {
  name: string;
  file: string;
  bytes: number;
  /** Bytes of the minified output by package (zod, @aws-sdk, @smithy, …) and "own code". */
  composition: Record<string, number>;
}

const packageOf = (path: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (!match?.[1]) return 'own code';
  const name = match[1];
  return name.startsWith('@aws-sdk/') || name.startsWith('@smithy/') || name.startsWith('@aws-crypto/')
    ? (name.split('/')[0] as string)
    : name;
};

const composition = (metafile: Metafile): Record<string, number> => {
  const totals: Record<string, number> = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = packageOf(input);
      totals[key] = (totals[key] ?? 0) + bytesInOutput;
    }
  }
  return Object.fromEntries(
    Object.entries(totals)
      .sort(([, a], [, b]) => b - a)
      .slice(0, 8)
      .map(([key, bytes]) => [key, round(bytes / 1024)]),
  );
};

const bundle = async (
  name: string,
  description: Pick<FunctionDescription, 'entry' | 'runtimeProvided'>,
  outRoot: string,
): Promise<Bundle> => {
  const outdir = join(outRoot, name);
  const options = esbuildOptions(join(REPO_ROOT, description.entry), outdir, functionBundling(description));
  const result = await build(options);
  const file = options.outfile as string;
  return {
    name,
    file,
    bytes: statSync(file).size,
    composition: composition(result.metafile as Metafile),
  };
};

const sample = async (bundleFile: string, name: string, sourceMaps: boolean) => {
  const args = [...(sourceMaps ? [FUNCTION_NODE_OPTIONS] : []), CHILD, bundleFile];
  const { stdout } = await run(process.execPath, args, { env: lambdaEnvironment(name), cwd: tmpdir() });
  return JSON.parse(stdout) as { importMs: number; initMs: number; cpuMs: number };
};

export const coldstart: Benchmark = {
  name: 'coldstart',
  description: `bundle size and init time of every function vs an SDK-only baseline (${SAMPLES} fresh processes each)`,
  async run(): Promise<BenchOutcome> {
    const outRoot = mkdtempSync(join(tmpdir(), 'vetted-coldstart-'));
    try {
      const entries: [string, Pick<FunctionDescription, 'entry' | 'runtimeProvided'>][] = [
        [BASELINE, { entry: 'test/bench/coldstart-baseline.ts' }],
        ...(Object.entries(functions) as [FunctionName, FunctionDescription][]),
      ];
      const bundles: Bundle[] = [];
      for (const [name, description] of entries) bundles.push(await bundle(name, description, outRoot));

      const samples: Record<string, Series> = {};
      for (const { name } of bundles)
        samples[name] = { plain: [], sourceMaps: [], cpu: [], cpuSourceMaps: [] };
      for (let round = 0; round < SAMPLES; round++) {
        for (const { name, file } of bundles) {
          const series = samples[name] as Series;
          const plain = await sample(file, name, false);
          const maps = await sample(file, name, true);
          series.plain.push(plain.initMs);
          series.cpu.push(plain.cpuMs);
          series.sourceMaps.push(maps.initMs);
          series.cpuSourceMaps.push(maps.cpuMs);
        }
      }

      const base = samples[BASELINE] as Series;
      const basePlain = median(base.plain);
      const baseMaps = median(base.sourceMaps);
      const baseCpu = median(base.cpu);
      const baseCpuMaps = median(base.cpuSourceMaps);
      const metrics: Metric[] = [
        { name: 'baseline init', value: round(basePlain), unit: 'ms' },
        { name: 'baseline init (source maps)', value: round(baseMaps), unit: 'ms' },
        { name: 'baseline init CPU', value: round(baseCpu), unit: 'ms' },
        {
          name: 'baseline bundle',
          value: round((bundles[0] as Bundle).bytes / 1024),
          unit: 'KB',
        },
      ];
      const table: Record<string, unknown> = {};
      for (const { name, bytes, composition } of bundles) {
        const series = samples[name] as Series;
        const plain = median(series.plain);
        const maps = median(series.sourceMaps);
        const cpu = median(series.cpu);
        const cpuMaps = median(series.cpuSourceMaps);
        table[name] = {
          bundleKB: round(bytes / 1024),
          initMs: round(plain),
          ratio: round(plain / basePlain, 2),
          initMsSourceMaps: round(maps),
          ratioSourceMaps: round(maps / baseMaps, 2),
          cpuMs: round(cpu),
          cpuRatio: round(cpu / baseCpu, 2),
          cpuMsSourceMaps: round(cpuMaps),
          cpuRatioSourceMaps: round(cpuMaps / baseCpuMaps, 2),
          composition,
          samplesMs: series.plain.map((value) => round(value)),
          samplesMsSourceMaps: series.sourceMaps.map((value) => round(value)),
        };
        if (name === BASELINE) continue;
        metrics.push(
          { name: `${name} bundle`, value: round(bytes / 1024), unit: 'KB' },
          { name: `${name} init`, value: round(plain), unit: 'ms' },
          { name: `${name} init / baseline`, value: round(plain / basePlain, 2), unit: 'x' },
          { name: `${name} init / baseline (source maps)`, value: round(maps / baseMaps, 2), unit: 'x' },
          { name: `${name} init CPU / baseline`, value: round(cpu / baseCpu, 2), unit: 'x' },
          {
            name: `${name} init CPU / baseline (source maps)`,
            value: round(cpuMaps / baseCpuMaps, 2),
            unit: 'x',
          },
        );
      }
      return { metrics, details: { samples: SAMPLES, node: process.version, bundles: table } };
    } finally {
      rmSync(outRoot, { recursive: true, force: true });
    }
  },
};
