import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors.ts';
import { assertMeaningfulQuestion, normalizeQuestion } from '../../shared/domain/normalize.ts';

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

  it.each([
    ['Is a blood pressure > 140/90 dangerous for me?', 'Is a blood pressure < 140/90 dangerous for me?'],
    ['Should I raise the dose by +2 units?', 'Should I raise the dose by -2 units?'],
    ['What does HIV+ mean for pregnancy?', 'What does HIV- mean for pregnancy?'],
    ['Is 0.5 mg of this safe?', 'Is 0 5 mg of this safe?'],
    ['Is 1,000 IU of vitamin D too much?', 'Is 1 000 IU of vitamin D too much?'],
    ['Is a fever of 38°C high?', 'Is a fever of 38C high?'],
    ['Is 5% weight loss enough?', 'Is 5 weight loss enough?'],
  ])('keeps %j and %j apart', (left, right) => {
    expect(normalizeQuestion(left)).not.toBe(normalizeQuestion(right));
  });

  it('keeps spacing around comparisons irrelevant', () => {
    expect(normalizeQuestion('Is BP>140 high?')).toBe(normalizeQuestion('is bp > 140 high'));
    expect(normalizeQuestion('Is HIV+ treatable?')).toBe(normalizeQuestion('is hiv+ treatable'));
  });
});

describe('assertMeaningfulQuestion', () => {
  it.each(['??????????????', '😀'.repeat(1000), '!! ab !!', '   '])('refuses %j with a 400', (text) => {
    expect(() => assertMeaningfulQuestion(normalizeQuestion(text))).toThrow(ValidationError);
  });

  it('accepts three letters or digits', () => {
    expect(() => assertMeaningfulQuestion(normalizeQuestion('Flu?'))).not.toThrow();
  });
});
