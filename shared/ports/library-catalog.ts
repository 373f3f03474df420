/**
 * The LibraryCatalog port: the reference library's catalogue (source
 * metadata, the committed loads and the index version readers use), as the
 * publish gate and the loader see it. The texts live in the search index
 * (see source-index.ts); the catalogue only answers "which of these cited
 * ids does the library hold, and as what".
 */
import type { SourceMetadata } from '../domain/source.ts';
import type { SourceWithdrawal } from '../domain/source-withdrawal.ts';

/** The cited ids a library holds, told apart: usable sources, and withdrawn ones with their withdrawal. */
export interface ResolvedSources {
  sources: ReadonlyMap<string, SourceMetadata>;
  withdrawn: ReadonlyMap<string, SourceWithdrawal>;
}

export type WithdrawOutcome =
  | { kind: 'withdrawn'; withdrawal: SourceWithdrawal }
  | { kind: 'already'; withdrawal: SourceWithdrawal }
  | { kind: 'unknown' };

/** The library's commit pointer: what readers may see. */
export interface LibraryPointer {
  /** Committed load ids, oldest first; empty when nothing was ever loaded. */
  loads: readonly string[];
  /** The search index version the committed library is in; absent before the first commit. */
  indexVersion?: string;
  /** Sources in the committed library. */
  sourceCount: number;
  committedAt?: string;
}

export interface LibraryCatalog {
  /**
   * The metadata of each of `ids` that a committed load holds (the newest
   * committed load's version), by id; ids the library does not hold are
   * absent. Cost independent of the library's size: one BatchGetItem for up
   * to 99 distinct ids.
   */
  resolve(ids: readonly string[]): Promise<ReadonlyMap<string, SourceMetadata>>;
  /**
   * The same one read as `resolve`, with withdrawn sources told apart (resolve leaves them out, so
   * nothing new cites them): the publish gate names them. Optional for catalogues without withdrawals.
   */
  resolveWithWithdrawals?(ids: readonly string[]): Promise<ResolvedSources>;
  /** The commit pointer, read consistently (one GetItem). */
  pointer(): Promise<LibraryPointer>;
}

export interface CatalogWriteResult {
  written: number;
  /** Sources that no committed load held before this one. */
  added: number;
}

/** Writes loads into the catalogue. Only the library loader uses it. */
export interface LibraryCatalogWriter extends LibraryCatalog {
  /**
   * Writes each source's metadata as load `loadId`'s version of it. Nothing
   * reads a version until `commit(loadId)`, so a write that fails half-way
   * leaves the committed library as it was; writing the same load again is
   * harmless. `onProgress` hears how many are written.
   */
  write(
    loadId: string,
    metadata: readonly SourceMetadata[],
    onProgress?: (written: number) => void,
  ): Promise<CatalogWriteResult>;
  /** Makes load `loadId` the newest committed load and `indexVersion` the one readers use, in one step. */
  commit(loadId: string, commit: { indexVersion: string; sourceCount: number }): Promise<void>;
}

/** Withdraws sources from use (the admin's withdrawal route). */
export interface SourceWithdrawals {
  /**
   * Records the withdrawal of a source the committed library holds, once: one conditional
   * UpdateItem. A source withdrawn before answers `already` with the first withdrawal; one the
   * library does not hold answers `unknown`.
   */
  withdraw(id: string, withdrawal: SourceWithdrawal): Promise<WithdrawOutcome>;
}
