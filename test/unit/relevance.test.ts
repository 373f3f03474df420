import { describe, expect, it } from 'vitest';
import { tokenize } from '../../shared/domain/bm25.ts';
import { phrasesOf } from '../../shared/domain/indexed-source.ts';
import { questionPhrases } from '../../shared/domain/phrase-evidence.ts';
import type { QuestionConcept } from '../../shared/domain/question-concepts.ts';
import { type CandidateSource, decideRelevance } from '../../shared/domain/relevance.ts';
import { DEFAULT_RELEVANCE_OPTIONS } from '../../shared/domain/relevance-options.ts';

/** A tiny library: each source's title and text, analysed as the index would. */
const library: Record<string, { title: string; text: string }> = {
  'iron-tablets': { title: 'Oral iron tablets', text: 'Take iron tablets on alternate days for anaemia.' },
  'iron-diagnosis': {
    title: 'Diagnosing iron deficiency',
    text: 'A low ferritin confirms iron deficiency anaemia.',
  },
  statins: { title: 'Statins and muscle aches', text: 'Statins can cause muscle aches in a few people.' },
  'back-pain': { title: 'Acute low back pain', text: 'Stay active; bed rest slows recovery from back pain.' },
  'muscle-spasm': {
    title: 'Muscle relaxants',
    text: 'Diazepam eases muscle spasm in low back pain for a few days.',
  },
  'muscle-cramp': {
    title: 'Muscle relaxants and cramp',
    text: 'Diazepam does not ease a muscle cramp; a spasm of the calf settles alone.',
  },
};
const candidates: CandidateSource<{ id: string }>[] = Object.entries(library).map(
  ([id, { title, text }]) => ({
    source: { id },
    titleTerms: new Set(tokenize(title)),
    terms: new Set(tokenize(`${title} ${text}`)),
    phrases: new Set([...phrasesOf(tokenize(title)), ...phrasesOf(tokenize(text))]),
  }),
);
const documentFrequency = new Map<string, number>();
for (const candidate of candidates)
  for (const term of candidate.terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
const hits = candidates.map((candidate, index) => ({
  id: `${candidate.source.id}#0`,
  sourceId: candidate.source.id,
  score: 10 - index,
}));

const word = (text: string): QuestionConcept => ({
  label: text,
  alternatives: [tokenize(text)],
  origin: 'word',
});
const concept = (label: string, ...alternatives: string[]): QuestionConcept => ({
  label,
  alternatives: alternatives.map(tokenize),
  origin: 'vocabulary',
});
/** Everyday English as the decision sees it: only these words are common. */
const everyday = new Map([
  ['schedul', 2000],
  ['bed', 9000],
  ['tablet', 80],
  ['iron', 900],
]);
const englishCount = (term: string) => everyday.get(term) ?? 0;
const decide = (concepts: QuestionConcept[], phrases: string[] = []) =>
  decideRelevance(
    { concepts, phrases, librarySize: candidates.length, documentFrequency, candidates, hits },
    englishCount,
    DEFAULT_RELEVANCE_OPTIONS,
  );

describe('the relevance decision', () => {
  it('answers from the source whose title carries the topic', () => {
    const decision = decide([word('iron'), word('tablets'), word('anaemia')]);
    expect(decision.relevant).toBe(true);
    expect(decision.sources[0]?.source.id).toBe('iron-tablets');
    expect(decision.terms).toEqual({ matched: ['iron', 'tablets', 'anaemia'], ignored: [], missing: [] });
  });

  it('ignores an everyday word the library does not use: the asker’s phrasing, not the topic', () => {
    const decision = decide([word('iron'), word('tablets'), word('schedule')]);
    expect(decision.relevant).toBe(true);
    expect(decision.terms.ignored).toEqual(['schedule']);
  });

  it('refuses when a clinical term the library lacks is the question’s topic', () => {
    const decision = decide([word('uveal'), word('melanoma'), word('iron')]);
    expect(decision.relevant).toBe(false);
    expect(decision.terms.missing).toEqual(['uveal', 'melanoma']);
    expect(decision.passageIds).toEqual([]);
  });

  it('lets an expansion add evidence without lowering the bar', () => {
    // "Painkiller" is not in the library, but a vocabulary concept it expands to may be.
    const lay = concept('painkiller', 'painkiller', 'bed rest');
    expect(decide([lay, word('back pain')]).relevant).toBe(true);
    // A concept none of whose alternatives the library uses weighs as a missing clinical term.
    const absent = concept('tebentafusp', 'tebentafusp', 'kimmtrak');
    const decision = decide([absent, word('iron')]);
    expect(decision.terms.missing).toEqual(['tebentafusp']);
    expect(decision.relevant).toBe(false);
  });

  it('refuses when the library lacks the condition or drug the question names, however much else matches', () => {
    // "Iron tablets for anaemia" is all in the library; "thalassaemia" is a condition name it lacks.
    const condition = decide([word('iron'), word('tablets'), word('anaemia'), word('thalassaemia')]);
    expect(condition.terms.missing).toEqual(['thalassaemia']);
    expect(condition.relevant).toBe(false);
    const drug = decide([word('statins'), word('muscle'), word('aches'), word('evolocumab')]);
    expect(drug.relevant).toBe(false);
    // A missing vocabulary concept is a named clinical concept too.
    const named = decide([word('statins'), word('muscle'), word('aches'), concept('RSV', 'rsv')]);
    expect(named.relevant).toBe(false);
    // A missing rare word of another shape only weighs against the question.
    const modifier = decide([word('statins'), word('muscle'), word('aches'), word('tophaceous')]);
    expect(modifier.terms.missing).toEqual(['tophaceous']);
    expect(modifier.relevant).toBe(true);
  });

  it('ranks first the source using the question’s own two words side by side', () => {
    const concepts = [word('diazepam'), word('muscle'), word('spasm')];
    // Both relaxant sources hold all three words; only one says "muscle spasm".
    const phrases = questionPhrases('Does diazepam help muscle spasm?', concepts);
    expect(phrases).toEqual([tokenize('muscle spasm').join(' ')]);
    const decision = decide(concepts, phrases);
    expect(decision.considered[0]?.id).toBe('muscle-spasm');
    expect(decision.considered[0]?.rank).toBeGreaterThan(decision.considered[1]?.rank ?? 0);
    // Without the phrase the two tie, broken by id only.
    const tie = decide(concepts);
    expect(tie.considered[0]?.rank).toBe(tie.considered[1]?.rank);
  });

  it('counts a multi-word concept in full only where its words stand side by side', () => {
    // "Low back pain" is a phrase in two sources; the cramp source has none of it.
    const lowBackPain = concept('low back pain', 'low back pain');
    const decision = decide([lowBackPain, word('diazepam')]);
    const coverage = Object.fromEntries(decision.considered.map(({ id, coverage }) => [id, coverage]));
    expect(coverage['muscle-spasm']).toBeCloseTo(1);
    const apart = decide([concept('back relaxants', 'back relaxants'), word('diazepam')]);
    const apartCoverage = Object.fromEntries(apart.considered.map(({ id, coverage }) => [id, coverage]));
    // "back" and "relaxants" are both in the muscle-spasm source, never side by side: a part only.
    expect(apartCoverage['muscle-spasm']).toBeGreaterThan(0);
    expect(apartCoverage['muscle-spasm']).toBeLessThan(1);
  });

  it('refuses a compound the library holds only as other compounds, and says so', () => {
    // "Muscle" and "spasm" stand side by side in the spasm source: the compound is covered.
    expect(decide([concept('muscle spasm', 'muscle spasm'), word('diazepam')]).relevant).toBe(true);
    // "Calf" and "cramp" are both in the cramp source ("a muscle cramp", "a spasm of the calf"), never
    // side by side: "calf cramp" names something the library does not cover.
    const apart = decide([concept('calf cramp', 'calf cramp'), word('diazepam')]);
    expect(apart.relevant).toBe(false);
    expect(apart.terms.missing).toEqual(['calf cramp']);
    expect(apart.terms.matched).toEqual(['diazepam']);
    expect(apart.considered.map(({ id }) => id)).toContain('muscle-cramp');
    // A compound with a one-word name is held by whichever source uses that name.
    expect(decide([concept('calf cramp', 'calf cramp', 'cramp'), word('diazepam')]).relevant).toBe(true);
  });

  it('keeps a question’s phrases to adjacent words that are concepts of their own', () => {
    const concepts = [word('genital'), word('herpes')];
    expect(questionPhrases('How is genital herpes treated?', concepts)).toEqual([
      tokenize('genital herpes').join(' '),
    ]);
    // Words apart in the question, or not read as word concepts, make no phrase.
    expect(questionPhrases('Is herpes treated on the genitals?', concepts)).toEqual([]);
  });

  it('refuses a question with no informative term left', () => {
    const decision = decide([word('schedule')]);
    expect(decision.relevant).toBe(false);
    expect(decision.terms.ignored).toEqual(['schedule']);
  });

  it('ignores a code the library never uses', () => {
    const decision = decide([word('iron'), word('anaemia'), word('hla02')]);
    expect(decision.terms.ignored).toContain('hla02');
    expect(decision.relevant).toBe(true);
  });

  it('keeps only passages of the kept sources', () => {
    const decision = decide([word('statins'), word('muscle'), word('aches')]);
    expect(decision.sources.map(({ source }) => source.id)).toEqual(['statins']);
    expect(decision.passageIds).toEqual(['statins#0']);
  });
});
