import type { SourceWithdrawn } from '../../events/contracts.ts';
import { newEvent } from '../../events/factory.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { type SourceWithdrawal, sameWithdrawal } from '../domain/source-withdrawal.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { LibraryCatalog, SourceWithdrawals } from '../ports/library-catalog.ts';

export interface WithdrawSourceDeps {
  catalog: Required<Pick<LibraryCatalog, 'resolveWithWithdrawals'>> & SourceWithdrawals;
  events: EventPublisher;
  now: () => Date;
}

export interface WithdrawSourceInput {
  sourceId: string;
  reason: string;
  supersededBy?: string;
  admin: string;
}

export interface WithdrawSourceResult {
  sourceId: string;
  status: 'withdrawn';
  reason: string;
  supersededBy?: string;
  withdrawnAt: string;
}

/** The event that starts the notices and re-reviews; the same id however often it is announced. */
export const sourceWithdrawnEvent = (sourceId: string, withdrawal: SourceWithdrawal): SourceWithdrawn =>
  newEvent<SourceWithdrawn>(
    'source.withdrawn',
    sourceId,
    {
      sourceId,
      reason: withdrawal.reason,
      ...(withdrawal.supersededBy ? { supersededBy: withdrawal.supersededBy } : {}),
      withdrawnAt: withdrawal.at,
      withdrawnBy: withdrawal.by,
    },
    { at: withdrawal.at, id: `source.withdrawn:${sourceId}` },
  );

/**
 * POST /v1/admin/sources/{id}/withdrawal: records the withdrawal on the
 * source's catalogue entry (from then on the publish gate, drafting and
 * retrieval no longer use it), then announces `source.withdrawn`, whose
 * consumer puts a notice on every live article citing it and opens their
 * re-reviews (withdrawal-notices.ts). Reads one BatchGetItem, writes one
 * conditional UpdateItem.
 *
 * Idempotent: the same withdrawal asked again (same reason and replacement)
 * is accepted again and announced again with the same event id, so an admin
 * whose first request failed after the write just repeats it; a different
 * one for a source already withdrawn is 409 and changes nothing.
 */
export const withdrawSource = async (
  deps: WithdrawSourceDeps,
  input: WithdrawSourceInput,
): Promise<WithdrawSourceResult> => {
  const { sourceId, supersededBy } = input;
  if (supersededBy === sourceId) {
    throw new ValidationError('A source cannot supersede itself', [
      { path: 'supersededBy', message: 'must name another library source' },
    ]);
  }
  const known = await deps.catalog.resolveWithWithdrawals(
    supersededBy ? [sourceId, supersededBy] : [sourceId],
  );
  if (!known.sources.has(sourceId) && !known.withdrawn.has(sourceId)) {
    throw new NotFoundError(`The reference library holds no source ${sourceId}`);
  }
  if (supersededBy && !known.sources.has(supersededBy)) {
    throw new ValidationError('The superseding source is not usable', [
      {
        path: 'supersededBy',
        message: known.withdrawn.has(supersededBy)
          ? `source "${supersededBy}" is withdrawn too`
          : `source "${supersededBy}" is not in the reference library`,
      },
    ]);
  }
  const asked: SourceWithdrawal = {
    reason: input.reason,
    ...(supersededBy ? { supersededBy } : {}),
    at: deps.now().toISOString(),
    by: input.admin,
  };
  const outcome = await deps.catalog.withdraw(sourceId, asked);
  if (outcome.kind === 'unknown')
    throw new NotFoundError(`The reference library holds no source ${sourceId}`);
  if (outcome.kind === 'already' && !sameWithdrawal(outcome.withdrawal, asked)) {
    throw new ConflictError(
      `Source ${sourceId} was withdrawn already, on ${outcome.withdrawal.at}, for another reason or replacement`,
    );
  }
  const { withdrawal } = outcome;
  await deps.events.publish(sourceWithdrawnEvent(sourceId, withdrawal));
  return {
    sourceId,
    status: 'withdrawn',
    reason: withdrawal.reason,
    ...(withdrawal.supersededBy ? { supersededBy: withdrawal.supersededBy } : {}),
    withdrawnAt: withdrawal.at,
  };
};
