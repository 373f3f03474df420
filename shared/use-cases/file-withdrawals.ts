import type { FieldError } from '../domain/errors.ts';
import { type FileWithdrawal, fileWithdrawalProblems, idsToResolve } from '../domain/library-withdrawals.ts';
import { type WithdrawSourceDeps, withdrawSource } from './withdraw-source.ts';

/** Who the withdrawals a library file marks are recorded as made by. */
export const LIBRARY_LOAD_ACTOR = 'sources:load';

/**
 * Checks a file's withdrawals before anything is loaded: one catalogue read of the ids they name.
 * `repeats` are the sources the library already withdrew the same way (a reload of the file).
 */
export const checkFileWithdrawals = async (
  catalog: WithdrawSourceDeps['catalog'],
  withdrawals: readonly FileWithdrawal[],
  fileIds: ReadonlySet<string>,
): Promise<{ problems: FieldError[]; repeats: ReadonlySet<string> }> => {
  if (withdrawals.length === 0) return { problems: [], repeats: new Set() };
  const catalogue = await catalog.resolveWithWithdrawals(idsToResolve(withdrawals));
  return {
    problems: fileWithdrawalProblems(withdrawals, fileIds, catalogue),
    repeats: new Set(withdrawals.map((w) => w.sourceId).filter((id) => catalogue.withdrawn.has(id))),
  };
};

/**
 * Applies a loaded file's withdrawals through the admin route's use case, one after another (a
 * successor is checked as usable when its source is withdrawn): the catalogue mark, then
 * `source.withdrawn`, whose consumer puts the notices on the citing articles and opens their
 * re-reviews. A repeat is announced again under the same event id, so a reload changes nothing.
 */
export const applyFileWithdrawals = async (
  deps: WithdrawSourceDeps,
  withdrawals: readonly FileWithdrawal[],
): Promise<void> => {
  for (const { sourceId, reason, supersededBy } of withdrawals) {
    await withdrawSource(deps, {
      sourceId,
      reason,
      ...(supersededBy ? { supersededBy } : {}),
      admin: LIBRARY_LOAD_ACTOR,
    });
  }
};
