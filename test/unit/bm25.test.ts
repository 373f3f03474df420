import { describe, expect, it } from 'vitest';
import { Bm25Index, STOP_WORDS, stem, tokenize } from '../../shared/domain/bm25.ts';

describe('tokenize', () => {
  it('lowercases, strips accents and punctuation, and drops stop words', () => {
    expect(tokenize('What is the BEST café for Type 2 diabetes?')).toEqual(['caf', 'typ', '2', 'diabet']);
  });

  it('keeps digits and drops single letters', () => {
    expect(tokenize('a b 7 HbA1c')).toEqual(['7', 'hba1c']);
  });

  it('returns nothing for text without words', () => {
    expect(tokenize('?!  … ---')).toEqual([]);
    expect(STOP_WORDS.has('the')).toBe(true);
  });
});

describe('stem', () => {
  it.each([
    [['treat', 'treats', 'treated', 'treating', 'treatment']],
    [['vaccine', 'vaccines', 'vaccination', 'vaccinated']],
    [['therapy', 'therapies']],
    [['supplement', 'supplements', 'supplementation']],
    [['infection', 'infections', 'infected']],
    [['diabetes', 'diabetic']],
  ])('maps the word family %j onto one stem', (family) => {
    expect(new Set(family.map(stem)).size).toBe(1);
  });

  it('leaves short words, words ending in -ss/-us/-is and words with digits alone', () => {
    expect(['flu', 'stress', 'virus', 'diagnosis', 'hba1c'].map(stem)).toEqual([
      'flu',
      'stress',
      'virus',
      'diagnosis',
      'hba1c',
    ]);
  });
});

describe('Bm25Index', () => {
  const index = new Bm25Index([
    { id: 'asthma', text: 'Inhaled steroids prevent asthma attacks. Use the preventer inhaler daily.' },
    { id: 'statins', text: 'Statins lower cholesterol and prevent heart attacks.' },
    { id: 'flu', text: 'The influenza vaccine is offered every autumn.' },
    {
      id: 'flu-long',
      text: `The influenza vaccine is offered every autumn. ${'Other unrelated words here. '.repeat(10)}`,
    },
  ]);

  it('ranks documents sharing rare query terms first', () => {
    const hits = index.search('which inhaler prevents asthma attacks?');
    expect(hits[0]?.id).toBe('asthma');
    expect(hits.map((hit) => hit.id)).toContain('statins');
    expect(hits[0]?.matchedTerms).toBe(4);
  });

  it('matches inflected forms through stemming', () => {
    expect(index.search('vaccinations')[0]?.id).toBe('flu');
  });

  it('favours the shorter of two documents with the same matches (length normalisation)', () => {
    const hits = index.search('influenza vaccine');
    expect(hits.map((hit) => hit.id)).toEqual(['flu', 'flu-long']);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Number.POSITIVE_INFINITY);
  });

  it('gives rarer terms a higher idf', () => {
    expect(index.idf('cholesterol')).toBeGreaterThan(index.idf(stem('influenza')));
    expect(index.idf('absent')).toBeGreaterThan(index.idf('cholesterol'));
  });

  it('returns nothing for a query without known terms and respects the limit', () => {
    expect(index.search('car engine repair')).toEqual([]);
    expect(index.search('the of and')).toEqual([]);
    expect(index.search('prevent attacks vaccine', 1)).toHaveLength(1);
  });

  it('breaks score ties by insertion order', () => {
    const tied = new Bm25Index([
      { id: 'b', text: 'same words' },
      { id: 'a', text: 'same words' },
    ]);
    expect(tied.search('words').map((hit) => hit.id)).toEqual(['b', 'a']);
  });

  it('computes the textbook BM25 score', () => {
    const single = new Bm25Index(
      [
        { id: 'x', text: 'migraine migraine aura' },
        { id: 'y', text: 'back pain' },
      ],
      {
        k1: 1.2,
        b: 0.75,
      },
    );
    // tf=2, |d|=3, avgdl=2.5, N=2, df=1.
    const idf = Math.log(1 + (2 - 1 + 0.5) / (1 + 0.5));
    const expected = (idf * 2 * 2.2) / (2 + 1.2 * (1 - 0.75 + (0.75 * 3) / 2.5));
    expect(single.search('migraine')[0]?.score).toBeCloseTo(expected, 10);
  });

  it('handles an empty index', () => {
    const empty = new Bm25Index([]);
    expect(empty.size).toBe(0);
    expect(empty.search('anything')).toEqual([]);
  });
});
