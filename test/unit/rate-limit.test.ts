import { describe, expect, it } from 'vitest';
import { parseRateLimitPerMinute } from '../../shared/defaults.ts';
import { rateLimitHeaders, SlidingWindowRateLimiter } from '../../shared/http/rate-limit.ts';

describe('SlidingWindowRateLimiter', () => {
  it('accepts up to the limit per client in any 60 s window, counting only accepted requests', () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    now = 10_000;
    expect(limiter.take('a')).toEqual({ allowed: false, remaining: 0, resetSeconds: 50 });
    expect(limiter.take('b')).toMatchObject({ allowed: true, remaining: 2 });
    now = 59_999;
    expect(limiter.take('a').allowed).toBe(false);
    now = 60_000;
    // The three from t=0 left the window; the refusals at 10 s and 59.999 s were never counted.
    expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('says when the oldest counted request leaves the window, never less than a second', () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(1, () => now);
    limiter.take('a');
    now = 59_900;
    expect(limiter.take('a').resetSeconds).toBe(1);
  });

  it('forgets clients idle for a window once it holds many', () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(1, () => now);
    for (let i = 0; i < 1500; i++) limiter.take(`client-${i}`);
    now = 61_000;
    limiter.take('late');
    // client-0 was forgotten along with its count: it is served again.
    expect(limiter.take('client-0').allowed).toBe(true);
    expect((limiter as unknown as { accepted: Map<string, number[]> }).accepted.size).toBe(2);
  });

  it('writes the IETF RateLimit and RateLimit-Policy fields', () => {
    expect(rateLimitHeaders(20, { allowed: true, remaining: 7, resetSeconds: 33 })).toEqual({
      'ratelimit-policy': '"anonymous-writes";q=20;w=60',
      ratelimit: '"anonymous-writes";r=7;t=33',
    });
  });
});

describe('RATE_LIMIT_PER_MINUTE', () => {
  it('defaults to 20, takes 0 for off, refuses anything but a whole number', () => {
    expect(parseRateLimitPerMinute(undefined)).toBe(20);
    expect(parseRateLimitPerMinute('')).toBe(20);
    expect(parseRateLimitPerMinute('0')).toBe(0);
    expect(parseRateLimitPerMinute(' 60 ')).toBe(60);
    for (const bad of ['-1', '1.5', '0x10', '1e1', 'ten'])
      expect(() => parseRateLimitPerMinute(bad)).toThrow(/RATE_LIMIT_PER_MINUTE must be a whole number/);
  });
});
