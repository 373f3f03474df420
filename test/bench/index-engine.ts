/**
 * What the LanceDB source index costs at library sizes: build time, size on
 * disk, a fresh process's import + open + first retrieval queries (time and
 * RSS), warm query time, and an incremental load (100 sources replaced, 100
 * added on top of the full version).
 *
 *   npx tsx test/bench/index-engine.ts [sizes…]     default: 1000 10000
 *
 * Sources are synthetic ~4 KB guidelines drawn from a 60,000-word
 * vocabulary with Zipf-distributed frequencies (a few words everywhere, most
 * rare), deterministic, so runs compare. Also the `library-index` benchmark of
 * test/bench/run.ts (1k and 10k).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { tokenize } from '../../shared/domain/bm25.ts';
import type { Source } from '../../shared/domain/source.ts';
import { type Benchmark, type BenchOutcome, type Metric, median, REPO_ROOT, round } from './lib.ts';

const VOCABULARY_SIZE = 60_000;
const SOURCE_CHARS = 4096;
const QUERIES = 30;

/** mulberry32: a small deterministic generator. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES =
  'ka lo mi ne ru ta vi so pe da li mo ra ne xu be co fi gu ha ja ke lu ma no pi qu re si to'.split(' ');

/** Pronounceable made-up words: distinct, and untouched by the stemmer's suffix rules in most cases. */
function vocabulary(): string[] {
  const next = random(7);
  const words = new Set<string>();
  while (words.size < VOCABULARY_SIZE) {
    const length = 2 + Math.floor(next() * 3);
    let word = '';
    for (let index = 0; index < length; index++) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
}

/** Zipf(1) ranks by inverse-CDF over a precomputed table. */
function zipfSampler(size: number, next: () => number): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank++) {
    total += 1 / (rank + 1);
    cumulative[rank] = total;
  }
  return () => {
    const target = next() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

export function syntheticSources(count: number, idPrefix = 'guideline', seed = 1): Source[] {
  const words = vocabulary();
  const next = random(seed);
  const zipf = zipfSampler(words.length, next);
  const word = () => words[zipf()] ?? 'ka';
  const sentence = () => {
    const length = 8 + Math.floor(next() * 14);
    const parts = Array.from({ length }, word);
    if (next() < 0.3) parts.push(`[${1 + Math.floor(next() * 40)}]`);
    const text = parts.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  return Array.from({ length: count }, (_, item) => {
    const title = Array.from({ length: 3 + Math.floor(next() * 4) }, word).join(' ');
    let text = `# ${title}\n\n`;
    let section = 0;
    while (text.length < SOURCE_CHARS) {
      if (next() < 0.25) text += `## Section ${++section} ${word()} ${word()}\n\n`;
      const sentences = 2 + Math.floor(next() * 6);
      text += `${Array.from({ length: sentences }, sentence).join(' ')}\n\n`;
    }
    return {
      id: `${idPrefix}-${item}`,
      title: `${title.charAt(0).toUpperCase()}${title.slice(1)}`,
      publisher: 'Synthetic guideline body',
      year: 2000 + (item % 25),
      url: `https://example.org/${idPrefix}/${item}`,
      text: text.slice(0, SOURCE_CHARS * 1.2),
    };
  });
}

/** Questions over the vocabulary's middle ranks: informative terms, as a clinical question has. */
function queries(): string[][] {
  const words = vocabulary();
  const next = random(99);
  return Array.from({ length: QUERIES }, () =>
    tokenize(Array.from({ length: 5 }, () => words[50 + Math.floor(next() * 5000)] ?? 'ka').join(' ')),
  );
}

const directorySize = (path: string) =>
  Number(execFileSync('du', ['-sk', path]).toString().split('\t')[0]) * 1024;

interface ChildReport {
  importMs: number;
  openMs: number;
  firstQueryMs: number;
  firstRetrievalMs: number;
  rssMb: number;
  warmRetrievalMs: number;
  warmSearchMs: number;
  rssAfterWarmMb: number;
}

/** In a fresh process: import the adapter, open the version, run what one draft's retrieval runs. */
async function childMain(root: string, version: string): Promise<void> {
  const started = performance.now();
  const { LanceIndexReader } = await import('../../shared/adapters/lancedb/index.ts');
  const { loadEngine } = await import('../../shared/adapters/lancedb/engine.ts');
  await loadEngine();
  const imported = performance.now();
  const index = await new LanceIndexReader({ root }).open(version);
  const opened = performance.now();
  const all = queries();
  const retrieval = async (terms: string[]) => {
    const hits = await index.searchPassages(terms, 50);
    await index.documentFrequencies(terms);
    const ids = [...new Set(hits.map((hit) => hit.passage.sourceId))].slice(0, 20);
    await index.profiles(ids);
  };
  const firstStarted = performance.now();
  await index.searchPassages(all[0] ?? [], 50);
  const firstQuery = performance.now() - firstStarted;
  await retrieval(all[0] ?? []);
  const firstRetrieval = performance.now() - firstStarted;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  const warm: number[] = [];
  const warmSearch: number[] = [];
  for (const terms of all.slice(1)) {
    const start = performance.now();
    await index.searchPassages(terms, 50);
    warmSearch.push(performance.now() - start);
    const retrievalStart = performance.now();
    await retrieval(terms);
    warm.push(performance.now() - retrievalStart);
  }
  const report: ChildReport = {
    importMs: imported - started,
    openMs: opened - imported,
    firstQueryMs: firstQuery,
    firstRetrievalMs: firstRetrieval,
    rssMb,
    warmRetrievalMs: median(warm),
    warmSearchMs: median(warmSearch),
    rssAfterWarmMb: process.memoryUsage().rss / 2 ** 20,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function freshProcess(root: string, version: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', root, version],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the reader process exited with ${code}`));
      else resolve(JSON.parse(output.trim().split('\n').pop() ?? '{}') as ChildReport);
    });
  });
}

export async function measure(size: number): Promise<Record<string, number>> {
  const { LanceSourceIndexBuilder } = await import('../../shared/adapters/lancedb/index.ts');
  const root = mkdtempSync(join(tmpdir(), `vetted-index-bench-${size}-`));
  try {
    const builder = new LanceSourceIndexBuilder({ root });
    const generated = performance.now();
    const sources = syntheticSources(size);
    const generateMs = performance.now() - generated;
    const started = performance.now();
    const built = await builder.build({ version: 'full', sources });
    const buildMs = performance.now() - started;
    const builderRssMb = process.memoryUsage().rss / 2 ** 20;
    sources.length = 0;

    const changes = [...syntheticSources(100, 'guideline', 5), ...syntheticSources(100, 'added', 6)];
    const incrementalStarted = performance.now();
    await builder.build({ version: 'incremental', base: 'full', sources: changes });
    const incrementalMs = performance.now() - incrementalStarted;

    const reader = await freshProcess(root, 'full');
    return {
      sources: built.sources,
      passages: built.passages,
      generateMs: round(generateMs, 0),
      buildMs: round(buildMs, 0),
      builderRssMb: round(builderRssMb, 0),
      incrementalBuildMs: round(incrementalMs, 0),
      indexMb: round(directorySize(join(root, 'full')) / 2 ** 20, 1),
      importMs: round(reader.importMs),
      openMs: round(reader.openMs),
      firstSearchMs: round(reader.firstQueryMs),
      freshRetrievalMs: round(reader.importMs + reader.openMs + reader.firstRetrievalMs),
      readerRssMb: round(reader.rssMb, 0),
      warmSearchMs: round(reader.warmSearchMs),
      warmRetrievalMs: round(reader.warmRetrievalMs),
      readerRssAfterWarmMb: round(reader.rssAfterWarmMb, 0),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export const libraryIndex: Benchmark = {
  name: 'library-index',
  description:
    'LanceDB source index at 1k and 10k synthetic 4 KB sources: build, size, fresh-process and warm retrieval queries',
  async run(): Promise<BenchOutcome> {
    const metrics: Metric[] = [];
    const details: Record<string, unknown> = {};
    for (const size of [1000, 10_000]) {
      const result = await measure(size);
      details[String(size)] = result;
      const label = `${size / 1000}k`;
      metrics.push(
        { name: `${label} build`, value: result.buildMs ?? Number.NaN, unit: 'ms' },
        { name: `${label} index size`, value: result.indexMb ?? Number.NaN, unit: 'MB' },
        { name: `${label} fresh retrieval`, value: result.freshRetrievalMs ?? Number.NaN, unit: 'ms' },
        { name: `${label} warm retrieval`, value: result.warmRetrievalMs ?? Number.NaN, unit: 'ms' },
        { name: `${label} reader RSS`, value: result.readerRssMb ?? Number.NaN, unit: 'MB' },
      );
    }
    return { metrics, details };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [flag, root, version] = process.argv.slice(2);
  if (flag === '--child' && root && version) {
    await childMain(root, version);
  } else {
    const sizes = process.argv.slice(2).map(Number).filter(Number.isFinite);
    for (const size of sizes.length > 0 ? sizes : [1000, 10_000]) {
      console.log(JSON.stringify({ size, ...(await measure(size)) }));
    }
  }
}
