import { describe, expect, it } from 'vitest';
import { tokenize } from '../../shared/domain/bm25.ts';
import type { WeighedConcept } from '../../shared/domain/concept-weights.ts';
import { mentionedInPassing } from '../../shared/domain/topical-check.ts';

const weighed = (label: string, weight: number, compound = false): WeighedConcept => ({
  label,
  alternatives: [tokenize(label)],
  origin: compound ? 'vocabulary' : 'word',
  ...(compound ? { compound: true } : {}),
  weight,
  present: true,
  clinical: true,
  head: false,
});
const titled = (title: string) => ({ titleTerms: new Set(tokenize(title)) });
const passing = (concepts: WeighedConcept[], ...titles: string[]) =>
  mentionedInPassing(concepts, titles.map(titled), 0.5);

describe('the topical check', () => {
  const genitalHerpes = weighed('genital herpes', 4, true);
  const episode = weighed('episode', 2.5);

  it('names a compound the kept sources mention only in passing, under titles about something else', () => {
    expect(passing([genitalHerpes, episode], 'Avoiding the spread of cold sores')).toBe('genital herpes');
  });

  it('names it too when the titles hold only a lighter part of the question', () => {
    const cDifficile = weighed('clostridioides difficile', 4, true);
    const antibiotics = weighed('antibiotics', 1.5);
    expect(passing([cDifficile, antibiotics], 'Antibiotic resistance and prescribing')).toBe(
      'clostridioides difficile',
    );
  });

  it('lets it be when a kept source is titled with it, or with enough else the question asks', () => {
    expect(passing([genitalHerpes, episode], 'Treating genital herpes')).toBeUndefined();
    expect(passing([genitalHerpes, episode], 'Cold sores', 'A first episode of a rash')).toBeUndefined();
    // Inflections the stemmer does not fold still count: "Stopping smoking" is about stopping smoking.
    expect(
      passing([weighed('stop smoking', 3, true), weighed('weight', 1)], 'Stopping smoking'),
    ).toBeUndefined();
  });

  it('asks nothing of a question whose heaviest concept is one word, or that names nothing', () => {
    expect(passing([weighed('glaucoma', 5), genitalHerpes], 'Red eye')).toBeUndefined();
    expect(passing([], 'Red eye')).toBeUndefined();
  });
});
