/**
 * Puts every remote-model call under the daily generation budget: reserve one call and its
 * estimated tokens first, refuse with GenerationBudgetSpentError when they do not fit, settle the
 * tokens the model reported afterwards (a call that failed keeps its reservation: it may have been
 * billed).
 */
import { estimateCallTokens } from '../../domain/generation-budget.ts';
import {
  type BudgetReservation,
  type GenerationBudget,
  GenerationBudgetSpentError,
} from '../../ports/generation-budget.ts';
import type { CallModel } from './prompt.ts';

export interface ModelCallBudget {
  budget: GenerationBudget;
  now: () => Date;
  /** Told the day's usage after every reservation, and every refusal (for the budget's metrics). */
  observe?: (reservation: BudgetReservation) => void;
}

export const budgetedCall =
  (call: CallModel, meter: ModelCallBudget | undefined, maxOutputTokens: number): CallModel =>
  async (conversation) => {
    if (!meter) return call(conversation);
    const promptChars =
      conversation.system.length + conversation.messages.reduce((sum, turn) => sum + turn.content.length, 0);
    const reservation = await meter.budget.reserve(
      meter.now(),
      estimateCallTokens(promptChars, maxOutputTokens),
    );
    meter.observe?.(reservation);
    if (!reservation.granted) throw new GenerationBudgetSpentError(reservation.resetsAt);
    const reply = await call(conversation);
    if (reply.usedTokens !== undefined) await meter.budget.settle(reservation, reply.usedTokens);
    return reply;
  };
