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

describe('the topical check', () => {
  const genitalHerpes = weighed('genital herpes', 4, true);
  const episode = weighed('episode', 2);

  it('names a compound the kept sources mention only in passing, under titles about something else', () => {
    expect(mentionedInPassing([genitalHerpes, episode], [titled('Avoiding the spread of cold sores')])).toBe(
      'genital herpes',
    );
  });

  it('lets it be when a kept source is titled with it or with anything else the question asks', () => {
    expect(mentionedInPassing([genitalHerpes, episode], [titled('Treating genital herpes')])).toBeUndefined();
    expect(
      mentionedInPassing(
        [genitalHerpes, episode],
        [titled('Cold sores'), titled('A first episode of a rash')],
      ),
    ).toBeUndefined();
    // Inflections the stemmer does not fold still count: "Stopping smoking" is about stopping smoking.
    expect(
      mentionedInPassing(
        [weighed('stop smoking', 3, true), weighed('weight', 1)],
        [titled('Stopping smoking')],
      ),
    ).toBeUndefined();
  });

  it('asks nothing of a question whose heaviest concept is one word or absent from the library', () => {
    expect(mentionedInPassing([weighed('glaucoma', 5), genitalHerpes], [titled('Red eye')])).toBeUndefined();
    expect(mentionedInPassing([], [titled('Red eye')])).toBeUndefined();
  });
});
