import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../shared/domain/errors.ts';
import { assertThroughCdn, ORIGIN_VERIFY_HEADER, sameSecret } from '../../shared/http/origin-verify.ts';

const SECRET = 'origin-verify-secret-0123456789';
const ask = { method: 'POST' as const };
const withHeader = (value: string) => ({ [ORIGIN_VERIFY_HEADER]: value });

describe('origin verify', () => {
  it('compares the whole secret, whatever the lengths', () => {
    expect(sameSecret(SECRET, SECRET)).toBe(true);
    expect(sameSecret(SECRET.slice(0, -1), SECRET)).toBe(false);
    expect(sameSecret(`${SECRET}0`, SECRET)).toBe(false);
    expect(sameSecret('', SECRET)).toBe(false);
    expect(sameSecret(undefined, SECRET)).toBe(false);
  });

  it('refuses an anonymous write without the secret with 403', () => {
    expect(() => assertThroughCdn(ask, {}, SECRET)).toThrow(ForbiddenError);
    expect(() => assertThroughCdn(ask, withHeader('guess'), SECRET)).toThrow(ForbiddenError);
    expect(() => assertThroughCdn(ask, withHeader(SECRET), SECRET)).not.toThrow();
  });

  it('checks nothing on reads, on routes that need a token, or with no secret configured', () => {
    expect(() => assertThroughCdn({ method: 'GET' }, {}, SECRET)).not.toThrow();
    expect(() => assertThroughCdn({ method: 'POST', role: 'reviewer' }, {}, SECRET)).not.toThrow();
    expect(() => assertThroughCdn(ask, {}, undefined)).not.toThrow();
  });
});
