/**
 * The daily budget for remote-model calls and tokens, per deployment. Pure rules: which UTC day a
 * call counts against, whether a reservation fits, when the budget resets and how much is used.
 *
 * A call reserves one call and an estimate of its tokens before it is made (so concurrent workers
 * cannot overspend together), then settles the tokens the model reports. A limit of 0 is unlimited.
 * The local generator calls no model and never counts.
 */

export interface BudgetLimits {
  /** Model calls per UTC day; 0 = unlimited. */
  callsPerDay: number;
  /** Tokens (prompt + completion) per UTC day; 0 = unlimited. */
  tokensPerDay: number;
}

export interface BudgetUsage {
  calls: number;
  tokens: number;
}

/** What a waiting question shows its asker in its status view. */
export const BUDGET_SPENT_REASON =
  "Today's budget for drafting answers is used up. Your question is kept and will be drafted after the budget resets (midnight UTC).";

/** The percentages at which the budget's alarms fire (infra/aws/constructs/monitoring.ts). */
export const BUDGET_ALARM_PERCENTS = [80, 100] as const;

export const isUnlimited = (limits: BudgetLimits): boolean =>
  limits.callsPerDay <= 0 && limits.tokensPerDay <= 0;

/** The UTC day a call made at `now` counts against, `YYYY-MM-DD`. */
export const budgetDay = (now: Date): string => now.toISOString().slice(0, 10);

/** When the budget of `now`'s day resets: the next UTC midnight. */
export const budgetResetsAt = (now: Date): Date =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));

/**
 * The highest usage before a reservation of one call and `tokens` that still fits: the counter's
 * conditional update requires `calls <= maxCallsBefore` and `tokens <= maxTokensBefore`
 * (undefined = no condition on that side). `undefined` as a whole: the reservation can never fit.
 */
export const reservationCeiling = (
  limits: BudgetLimits,
  tokens: number,
): { maxCallsBefore?: number; maxTokensBefore?: number } | undefined => {
  if (limits.tokensPerDay > 0 && tokens > limits.tokensPerDay) return undefined;
  return {
    ...(limits.callsPerDay > 0 ? { maxCallsBefore: limits.callsPerDay - 1 } : {}),
    ...(limits.tokensPerDay > 0 ? { maxTokensBefore: limits.tokensPerDay - tokens } : {}),
  };
};

/** Whether a reservation fits the usage: the rule the conditional update enforces, for pure callers. */
export const reservationFits = (limits: BudgetLimits, usage: BudgetUsage, tokens: number): boolean => {
  const ceiling = reservationCeiling(limits, tokens);
  if (!ceiling) return false;
  return (
    (ceiling.maxCallsBefore === undefined || usage.calls <= ceiling.maxCallsBefore) &&
    (ceiling.maxTokensBefore === undefined || usage.tokens <= ceiling.maxTokensBefore)
  );
};

/** The share of the budget used, in percent of the tighter of its two limits (0 when unlimited). */
export const budgetUsedPercent = (limits: BudgetLimits, usage: BudgetUsage): number => {
  const shares = [
    limits.callsPerDay > 0 ? usage.calls / limits.callsPerDay : 0,
    limits.tokensPerDay > 0 ? usage.tokens / limits.tokensPerDay : 0,
  ];
  return Math.round(Math.max(...shares) * 1000) / 10;
};

/**
 * Tokens to reserve for a call before it is made: its prompt (about four characters a token, rounded
 * up) plus the most the model may answer. Settling returns what the model did not use.
 */
export const estimateCallTokens = (promptChars: number, maxOutputTokens: number): number =>
  Math.ceil(promptChars / 4) + maxOutputTokens;
