import { describe, expect, it } from 'vitest';
import { tokenize } from '../../shared/domain/bm25.ts';
import { phrasesOf } from '../../shared/domain/indexed-source.ts';
import { compoundsHeldApart, heldShare, sharedPhrases } from '../../shared/domain/phrase-evidence.ts';

const analysed = (text: string) => {
  const terms = tokenize(text);
  return { terms: new Set(terms), phrases: new Set(phrasesOf(terms)) };
};
const pair = (text: string) => tokenize(text).join(' ');

describe('phrase-level evidence', () => {
  const together = analysed('Atrial fibrillation raises the risk of stroke.');
  const apart = analysed('Atrial flutter is common; fibrillation of the ventricles is not.');

  it('counts a multi-word concept in full only where its words stand side by side', () => {
    const af = tokenize('atrial fibrillation');
    expect(heldShare(af, together.terms, together.phrases, 0.75)).toBe(1);
    expect(heldShare(af, apart.terms, apart.phrases, 0.75)).toBe(0.75);
    expect(heldShare(af, analysed('Atrial flutter').terms, analysed('Atrial flutter').phrases, 0.75)).toBe(0);
    // One word needs no neighbour; a source indexed without phrases is read as before.
    expect(heldShare(tokenize('stroke'), together.terms, together.phrases, 0.75)).toBe(1);
    expect(heldShare(af, apart.terms, undefined, 0.75)).toBe(1);
  });

  it('weighs the question’s phrases a source uses side by side, and only those some candidate uses', () => {
    const weights = new Map(
      [...tokenize('atrial fibrillation stroke risk')].map((term, index) => [term, index + 1]),
    );
    const weightOf = (term: string) => weights.get(term) ?? 0;
    const phrases = [pair('atrial fibrillation'), pair('fibrillation stroke'), pair('stroke risk')];
    const weight = sharedPhrases(phrases, [together, apart], weightOf);
    // "atrial fibrillation" weighs as its lighter word (1); "stroke risk" and "fibrillation stroke"
    // are no candidate's phrases ("risk of stroke" is the other order).
    expect(weight(together.phrases)).toBe(1);
    expect(weight(apart.phrases)).toBe(0);
    expect(weight(undefined)).toBe(0);
  });

  it('finds the compounds the candidates hold only as other compounds', () => {
    const genitalHerpes = { label: 'genital herpes', alternatives: [tokenize('genital herpes')] };
    const coldSores = analysed('Cold sores (herpes labialis) can spread to the genital area.');
    const covered = analysed('Genital herpes is treated with oral antivirals.');
    expect(compoundsHeldApart([genitalHerpes], [coldSores])).toEqual(['genital herpes']);
    expect(compoundsHeldApart([genitalHerpes], [coldSores, covered])).toEqual([]);
    // A library holding only one of its words does not use it as another compound.
    expect(compoundsHeldApart([genitalHerpes], [analysed('Herpes labialis recurs.')])).toEqual([]);
    // An index version that recorded no phrases cannot tell: nothing is reported.
    expect(compoundsHeldApart([genitalHerpes], [{ terms: coldSores.terms }])).toEqual([]);
  });
});
