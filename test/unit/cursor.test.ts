import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../shared/adapters/dynamodb/cursor.ts';
import { ValidationError } from '../../shared/domain/errors.ts';

const key = {
  pk: 'Q#1',
  sk: 'QUESTION',
  statusKey: 'STATUS#in_review',
  statusSince: '2026-01-01T00:00:00.000Z#1',
};
const attributes = Object.keys(key);

describe('pagination cursors', () => {
  it('round-trips a key', () => {
    expect(decodeCursor(encodeCursor(key), attributes)).toEqual(key);
  });

  it('is absent on the last page', () => {
    expect(encodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor(undefined, attributes)).toBeUndefined();
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['an edited payload', (encodeCursor(key) as string).replace(/^./, 'x')],
    ['an edited checksum', `${(encodeCursor(key) as string).slice(0, -1)}x`],
    ['another key shape', encodeCursor({ pk: 'Q#1', sk: 'QUESTION' }) as string],
    ['extra parts', `${encodeCursor(key)}.more`],
  ])('rejects %s as a 400 on the cursor', (_, cursor) => {
    expect(() => decodeCursor(cursor, attributes)).toThrow(ValidationError);
    try {
      decodeCursor(cursor, attributes);
    } catch (error) {
      expect((error as ValidationError).errors[0]?.path).toBe('cursor');
    }
  });
});
