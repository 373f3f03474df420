import { describe, expect, it } from 'vitest';
import { tokenize } from '../../shared/domain/bm25.ts';
import { canonicalSpelling } from '../../shared/domain/spelling.ts';

const PAIRS: [string, string][] = [
  ['anaemia', 'anemia'],
  ['haemoglobin', 'hemoglobin'],
  ['paediatric', 'pediatric'],
  ['oesophageal', 'esophageal'],
  ['diarrhoea', 'diarrhea'],
  ['oestrogen', 'estrogen'],
  ['oedema', 'edema'],
  ['foetal', 'fetal'],
  ['leukaemia', 'leukemia'],
  ['anaesthetic', 'anesthetic'],
  ['haemorrhoids', 'hemorrhoids'],
  ['aetiology', 'etiology'],
  ['aciclovir', 'acyclovir'],
  ['valaciclovir', 'valacyclovir'],
  ['ciclosporin', 'cyclosporin'],
  ['sulphonylurea', 'sulfonylurea'],
  ['tumour', 'tumor'],
  ['behaviour', 'behavior'],
  ['centre', 'center'],
  ['fibre', 'fiber'],
  ['litres', 'liters'],
  ['immunise', 'immunize'],
  ['immunisation', 'immunization'],
  ['randomised', 'randomized'],
  ['analyse', 'analyze'],
  ['counselling', 'counseling'],
  ['catalogue', 'catalog'],
];

describe('British and American spellings', () => {
  it.each(PAIRS)('%s and %s analyse to the same terms', (british, american) => {
    expect(tokenize(british)).toEqual(tokenize(american));
  });

  it('leaves words alone that only look like a rule applies', () => {
    for (const word of ['shoes', 'toes', 'goes', 'four', 'hour', 'your', 'care', 'more', 'severe', 'cure']) {
      expect(canonicalSpelling(word), word).toBe(word);
    }
  });

  it('keeps words apart that the rules must not merge', () => {
    const distinct: [string, string][] = [
      ['hypothyroidism', 'hyperthyroidism'],
      ['hypertension', 'hypotension'],
      ['ileum', 'ilium'],
    ];
    for (const [a, b] of distinct) expect(tokenize(a), `${a}/${b}`).not.toEqual(tokenize(b));
  });
});
