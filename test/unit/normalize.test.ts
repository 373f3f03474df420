import { describe, expect, it } from 'vitest';
import { normalizeQuestion } from '../../shared/domain/normalize.ts';

describe('normalizeQuestion', () => {
  it.each([
    ['What is HbA1c?', 'what is hba1c'],
    ['  what   is\tHbA1c  ', 'what is hba1c'],
    ['What is HbA1c?!...', 'what is hba1c'],
    ['Is it safe—really safe?', 'is it safe really safe'],
    ['Ｗｈａｔ is HbA1c', 'what is hba1c'],
    ['Café au lait?', 'café au lait'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeQuestion(input)).toBe(expected);
  });

  it('keeps different questions apart', () => {
    expect(normalizeQuestion('Is aspirin safe?')).not.toBe(normalizeQuestion('Is ibuprofen safe?'));
  });
});
