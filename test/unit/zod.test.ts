import { describe, expect, it } from 'vitest';
import * as z from '../../shared/zod.ts';

describe('the project’s zod', () => {
  it('reads a whole number from a string, as a query parameter or an environment variable arrives', () => {
    const limit = z.coercedInt().check(z.gte(1), z.lte(100));
    expect(limit.parse('20')).toBe(20);
    expect(limit.parse(7)).toBe(7);
    expect(limit.safeParse('2.5').success).toBe(false);
    expect(limit.safeParse('abc').success).toBe(false);
    expect(limit.safeParse('0').success).toBe(false);
    expect(limit.safeParse('101').success).toBe(false);
  });

  it('answers in English sentences, not zod/mini’s bare "Invalid input"', () => {
    const result = z.object({ name: z.string().check(z.minLength(3)) }).safeParse({ name: 'ab' });
    expect(result.error?.issues[0]?.message).toBe('Too small: expected string to have >=3 characters');
    expect(z.string().safeParse(5).error?.issues[0]?.message).toBe(
      'Invalid input: expected string, received number',
    );
  });
});
