/** The GenerationBudget port: the daily counter every remote-model call reserves against. */
import type { BudgetUsage } from '../domain/generation-budget.ts';

export type BudgetReservation =
  /** The call may go ahead; `usage` is the day's usage including this reservation. */
  | { granted: true; day: string; tokens: number; usage: BudgetUsage }
  /** The day's budget cannot take this call; it resets at `resetsAt`. */
  | { granted: false; resetsAt: string };

export interface GenerationBudget {
  /** Reserves one call and `tokens` on the day of `now`, if they fit (a conditional update). */
  reserve(now: Date, tokens: number): Promise<BudgetReservation>;
  /** Replaces a granted reservation's token estimate with what the call really used. */
  settle(reservation: Extract<BudgetReservation, { granted: true }>, usedTokens: number): Promise<void>;
}

/**
 * The day's generation budget is spent: no model was called. Not a failure of the question: the
 * draft worker puts it back to wait, and it is drafted again after `resetsAt`.
 */
export class GenerationBudgetSpentError extends Error {
  override readonly name = 'GenerationBudgetSpentError';

  constructor(readonly resetsAt: string) {
    super(`The generation budget is spent until ${resetsAt}`);
  }
}
