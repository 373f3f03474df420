import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, type BuildResult, build, buildSync } from 'esbuild';
import type { ConsoleAssets } from './assets.ts';

const entry = fileURLToPath(new URL('./ui/main.tsx', import.meta.url));

/** Preact's automatic JSX runtime, minified, for the browsers a reviewer's laptop runs; CSS imported by the UI lands in its own file. */
const options = {
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: 'console',
  entryNames: 'app',
  legalComments: 'none',
  write: false,
  logLevel: 'silent',
} satisfies BuildOptions;

const assetsOf = (result: BuildResult<typeof options>): ConsoleAssets => {
  const text = (extension: string) => {
    const file = result.outputFiles.find((output) => output.path.endsWith(extension));
    if (!file) throw new Error(`The console build produced no ${extension} file`);
    return file.text;
  };
  return { 'app.js': text('.js'), 'app.css': text('.css') };
};

/** Bundles the console UI (esbuild, in memory): the local runtime does it once at start. */
export const buildConsoleAssets = async (): Promise<ConsoleAssets> => assetsOf(await build(options));

/** The same bundle written to a directory, for the Lambda asset (CDK calls it while bundling the function). */
export const writeConsoleAssets = (directory: string): void => {
  const assets = assetsOf(buildSync(options));
  mkdirSync(directory, { recursive: true });
  for (const [name, content] of Object.entries(assets)) writeFileSync(join(directory, name), content);
};
