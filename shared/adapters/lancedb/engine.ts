/**
 * Loads LanceDB and Apache Arrow on first use. `@lancedb/lancedb` loads its
 * native binding (a ~100 MB .node for linux-x64-gnu or linux-arm64-gnu) as
 * soon as it is imported, and takes 150–250 ms doing it: a function that
 * merely imports the adapter (every handler of a bundle shares its imports)
 * must not pay that at init, so both are imported here, once, when an index
 * is first built or opened.
 *
 * Arrow is required through CommonJS on purpose: LanceDB's dist is CommonJS
 * and checks Arrow types with `instanceof`; importing apache-arrow's ESM
 * build would load a second copy whose Schema and Field LanceDB rejects.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

export type LanceDb = typeof import('@lancedb/lancedb');
export type Arrow = typeof import('apache-arrow');

export interface Engine {
  lancedb: LanceDb;
  arrow: Arrow;
}

let engine: Promise<Engine> | undefined;

export function loadEngine(): Promise<Engine> {
  engine ??= (async () => {
    // LanceDB 0.31 builds a full-text index on its CPU thread pool, and with
    // one thread in that pool (its default on this 2-vCPU machine; what a
    // 1-vCPU Lambda gets) building more than ~10,000 passages deadlocks: every
    // thread waits on a futex, forever. Any explicit size of 2 or more works;
    // the pool reads the variable when first used, so it is set before import.
    process.env.LANCE_CPU_THREADS ??= String(Math.max(4, availableParallelism() + 2));
    const lancedb = await import('@lancedb/lancedb');
    const arrow = createRequire(import.meta.url)('apache-arrow') as Arrow;
    return { lancedb, arrow };
  })();
  // A failed load (a missing platform build) is reported to every caller, and retried by the next.
  engine.catch(() => {
    engine = undefined;
  });
  return engine;
}

/** A SQL string literal for LanceDB filters (DataFusion): quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlList(values: readonly string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
}
