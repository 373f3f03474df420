import { TooManyRequestsError } from './http-errors.ts';

/** The window RATE_LIMIT_PER_MINUTE counts over, as WAF's rate-based rule does (EvaluationWindowSec 60). */
export const RATE_LIMIT_WINDOW_SECONDS = 60;
/** The policy's name in the IETF `RateLimit` / `RateLimit-Policy` fields. */
export const RATE_LIMIT_POLICY_NAME = 'anonymous-writes';

export interface RateLimitDecision {
  allowed: boolean;
  /** Requests the client may still send in the window. */
  remaining: number;
  /** Seconds until the client can send again (when refused) or until its oldest counted request leaves the window. */
  resetSeconds: number;
}

/**
 * Per-client sliding window over the anonymous write routes. Only accepted
 * requests are counted, so a refused client that waits `Retry-After`
 * seconds is served again (hammering does not push its window forward).
 * Time is injected: tests move the clock instead of waiting a minute.
 */
export class SlidingWindowRateLimiter {
  private readonly accepted = new Map<string, number[]>();
  private readonly windowMs = RATE_LIMIT_WINDOW_SECONDS * 1000;

  constructor(
    readonly perWindow: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(client: string): RateLimitDecision {
    const now = this.now();
    this.forgetIdleClients(now);
    const recent = (this.accepted.get(client) ?? []).filter((at) => at > now - this.windowMs);
    const resetOf = (oldest: number | undefined) =>
      oldest === undefined
        ? RATE_LIMIT_WINDOW_SECONDS
        : Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
    if (recent.length >= this.perWindow) {
      this.accepted.set(client, recent);
      return { allowed: false, remaining: 0, resetSeconds: resetOf(recent[0]) };
    }
    recent.push(now);
    this.accepted.set(client, recent);
    return { allowed: true, remaining: this.perWindow - recent.length, resetSeconds: resetOf(recent[0]) };
  }

  /** Keeps memory bounded by the clients of the last window, not every client ever seen. */
  private forgetIdleClients(now: number) {
    if (this.accepted.size < 1000) return;
    for (const [client, times] of this.accepted)
      if ((times.at(-1) ?? 0) <= now - this.windowMs) this.accepted.delete(client);
  }
}

/** The IETF draft fields (draft-ietf-httpapi-ratelimit-headers): the policy and what is left of it. */
export const rateLimitHeaders = (perWindow: number, decision: RateLimitDecision): Record<string, string> => ({
  'ratelimit-policy': `"${RATE_LIMIT_POLICY_NAME}";q=${perWindow};w=${RATE_LIMIT_WINDOW_SECONDS}`,
  ratelimit: `"${RATE_LIMIT_POLICY_NAME}";r=${decision.remaining};t=${decision.resetSeconds}`,
});

export const tooManyRequests = (perWindow: number, decision: RateLimitDecision) =>
  new TooManyRequestsError(
    `This client sent more than ${perWindow} questions or other anonymous writes in a minute; try again in ${decision.resetSeconds} s`,
    decision.resetSeconds,
  );
