import { describe, expect, it } from 'vitest';
import { budgetedCall } from '../../shared/adapters/generators/budgeted-call.ts';
import type { ModelReply } from '../../shared/adapters/generators/prompt.ts';
import {
  budgetDay,
  budgetResetsAt,
  budgetUsedPercent,
  estimateCallTokens,
  isUnlimited,
  reservationCeiling,
  reservationFits,
} from '../../shared/domain/generation-budget.ts';
import {
  type BudgetReservation,
  type GenerationBudget,
  GenerationBudgetSpentError,
} from '../../shared/ports/generation-budget.ts';

describe('the generation budget rules', () => {
  it('counts calls against the UTC day and resets at the next UTC midnight', () => {
    const late = new Date('2031-05-05T23:59:59.999Z');
    expect(budgetDay(late)).toBe('2031-05-05');
    expect(budgetDay(new Date('2031-05-06T00:00:00.000Z'))).toBe('2031-05-06');
    expect(budgetResetsAt(late).toISOString()).toBe('2031-05-06T00:00:00.000Z');
    // Month and year ends roll over.
    expect(budgetResetsAt(new Date('2031-12-31T10:00:00Z')).toISOString()).toBe('2032-01-01T00:00:00.000Z');
  });

  it('treats 0 as unlimited, per limit', () => {
    expect(isUnlimited({ callsPerDay: 0, tokensPerDay: 0 })).toBe(true);
    expect(isUnlimited({ callsPerDay: 5, tokensPerDay: 0 })).toBe(false);
    expect(reservationCeiling({ callsPerDay: 0, tokensPerDay: 0 }, 10_000)).toEqual({});
    expect(reservationFits({ callsPerDay: 0, tokensPerDay: 1000 }, { calls: 1e6, tokens: 0 }, 1000)).toBe(
      true,
    );
  });

  it('fits a call while one more call and its reserved tokens stay within the limits', () => {
    const limits = { callsPerDay: 3, tokensPerDay: 10_000 };
    expect(reservationCeiling(limits, 4000)).toEqual({ maxCallsBefore: 2, maxTokensBefore: 6000 });
    expect(reservationFits(limits, { calls: 2, tokens: 6000 }, 4000)).toBe(true);
    expect(reservationFits(limits, { calls: 3, tokens: 0 }, 4000)).toBe(false);
    expect(reservationFits(limits, { calls: 0, tokens: 6001 }, 4000)).toBe(false);
    // A call bigger than the whole day never fits.
    expect(reservationCeiling(limits, 10_001)).toBeUndefined();
    expect(reservationFits(limits, { calls: 0, tokens: 0 }, 10_001)).toBe(false);
  });

  it('reports the tighter limit’s share in percent', () => {
    const limits = { callsPerDay: 10, tokensPerDay: 1000 };
    expect(budgetUsedPercent(limits, { calls: 8, tokens: 100 })).toBe(80);
    expect(budgetUsedPercent(limits, { calls: 1, tokens: 1000 })).toBe(100);
    expect(budgetUsedPercent({ callsPerDay: 3, tokensPerDay: 0 }, { calls: 1, tokens: 1e9 })).toBe(33.3);
    expect(budgetUsedPercent({ callsPerDay: 0, tokensPerDay: 0 }, { calls: 9, tokens: 9 })).toBe(0);
  });

  it('reserves the prompt (four characters a token) plus the most the model may answer', () => {
    expect(estimateCallTokens(4001, 4096)).toBe(1001 + 4096);
  });
});

/** A budget port in memory (a unit test may fake a port): it applies the same pure rule as the table's condition. */
const memoryBudget = (limits: { callsPerDay: number; tokensPerDay: number }) => {
  const usage = { calls: 0, tokens: 0 };
  const budget: GenerationBudget = {
    reserve: async (now, tokens): Promise<BudgetReservation> => {
      if (!reservationFits(limits, usage, tokens))
        return { granted: false, resetsAt: budgetResetsAt(now).toISOString() };
      usage.calls += 1;
      usage.tokens += tokens;
      return { granted: true, day: budgetDay(now), tokens, usage: { ...usage } };
    },
    settle: async (reservation, used) => {
      usage.tokens += used - reservation.tokens;
    },
  };
  return { budget, usage };
};

describe('a budgeted model call', () => {
  const conversation = {
    system: 'x'.repeat(400),
    messages: [{ role: 'user' as const, content: 'y'.repeat(400) }],
  };
  const now = () => new Date('2031-05-05T08:00:00Z');

  it('reserves before calling, settles what the model reported, and refuses without calling once spent', async () => {
    const { budget, usage } = memoryBudget({ callsPerDay: 2, tokensPerDay: 0 });
    let calls = 0;
    const model = async (): Promise<ModelReply> => {
      calls++;
      return { text: '{}', truncated: false, usedTokens: 250 };
    };
    const observed: BudgetReservation[] = [];
    const call = budgetedCall(model, { budget, now, observe: (r) => observed.push(r) }, 1000);
    await call(conversation);
    expect(usage).toEqual({ calls: 1, tokens: 250 });
    await call(conversation);
    const refused = await call(conversation).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GenerationBudgetSpentError);
    expect((refused as GenerationBudgetSpentError).resetsAt).toBe('2031-05-06T00:00:00.000Z');
    expect(calls).toBe(2);
    expect(observed.map((r) => r.granted)).toEqual([true, true, false]);
  });

  it('keeps the reservation when the model reports no usage, or the call fails (it may have been billed)', async () => {
    const { budget, usage } = memoryBudget({ callsPerDay: 0, tokensPerDay: 100_000 });
    const reserved = estimateCallTokens(800, 1000);
    await budgetedCall(async () => ({ text: '{}', truncated: false }), { budget, now }, 1000)(conversation);
    expect(usage.tokens).toBe(reserved);
    const failing = budgetedCall(
      async () => Promise.reject(new Error('socket hang up')),
      { budget, now },
      1000,
    );
    await expect(failing(conversation)).rejects.toThrow('socket hang up');
    expect(usage).toEqual({ calls: 2, tokens: 2 * reserved });
  });

  it('calls straight through with no budget configured', async () => {
    const reply = { text: '{}', truncated: false };
    expect(await budgetedCall(async () => reply, undefined, 1000)(conversation)).toBe(reply);
  });
});
