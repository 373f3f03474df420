import { describe, expect, it } from 'vitest';
import { tokenize } from '../../shared/domain/bm25.ts';
import { clinicalVocabulary } from '../../shared/domain/clinical-language.ts';
import { analyseQuestion } from '../../shared/domain/question-concepts.ts';
import vocabularyFile from '../../shared/domain/vocabulary/clinical-vocabulary.json' with { type: 'json' };
import { compileVocabulary, type VocabularyEntry } from '../../shared/domain/vocabulary.ts';

const entries = vocabularyFile.entries as VocabularyEntry[];
const vocabulary = clinicalVocabulary();

/** A phrase that analyses to nothing, or to one word it does not mean ("Down syndrome"), is left out. */
const usable = (phrase: string) => tokenize(phrase).length > (/\s/.test(phrase.trim()) ? 1 : 0);
const abbreviationStems = new Set(
  entries.flatMap((entry) => (entry.kind === 'abbreviation' ? [tokenize(entry.abbreviation).join(' ')] : [])),
);
const abbreviations = new Set(
  entries.flatMap((entry) => (entry.kind === 'abbreviation' ? [entry.abbreviation.toLowerCase()] : [])),
);
/** "hives" stems to "hiv", "fits" to "fit" (FIT): matched as written in questions, never by stem in sources. */
const stemIsAnAbbreviation = (phrase: string) =>
  abbreviationStems.has(tokenize(phrase).join(' ')) && !abbreviations.has(phrase.trim().toLowerCase());
const triggersOf = (entry: VocabularyEntry): string[] =>
  (entry.kind === 'synonym'
    ? entry.terms
    : entry.kind === 'abbreviation'
      ? [entry.abbreviation, ...entry.expansions]
      : entry.lay
  ).filter((phrase) => (entry.kind === 'abbreviation' && phrase === entry.abbreviation) || usable(phrase));
const alternativesOf = (entry: VocabularyEntry): string[][] =>
  (entry.kind === 'synonym'
    ? entry.terms
    : entry.kind === 'abbreviation'
      ? [entry.abbreviation, ...entry.expansions]
      : [...entry.lay, ...entry.clinical]
  )
    .filter((phrase) => usable(phrase) && !stemIsAnAbbreviation(phrase))
    .map(tokenize);

/** The concept a question naming `phrase` is read as, if any. */
const conceptFor = (phrase: string) =>
  analyseQuestion(`What should I know about ${phrase} today?`, vocabulary).find(
    (concept) => concept.origin === 'vocabulary',
  );

describe('the clinical vocabulary file', () => {
  it('holds synonyms, abbreviations and lay terms', () => {
    const kinds = new Set(entries.map((entry) => entry.kind));
    expect([...kinds].sort()).toEqual(['abbreviation', 'lay', 'synonym']);
  });

  it('names each abbreviation once and each synonym in one entry only', () => {
    const abbreviations = entries.flatMap((entry) =>
      entry.kind === 'abbreviation' ? [entry.abbreviation] : [],
    );
    expect(abbreviations.length).toBe(new Set(abbreviations).size);
    const synonyms = entries.flatMap((entry) =>
      entry.kind === 'synonym'
        ? [...new Set(entry.terms.filter(usable).map((term) => tokenize(term).join(' ')))]
        : [],
    );
    expect(synonyms.filter((term, index) => synonyms.indexOf(term) !== index)).toEqual([]);
  });

  describe.each(entries.map((entry, index) => [`${index}: ${triggersOf(entry)[0]}`, entry] as const))(
    'entry %s',
    (_name, entry) => {
      it('expands every way of saying it to every alternative of the entry', () => {
        for (const trigger of triggersOf(entry)) {
          const concept = conceptFor(trigger);
          expect(concept, trigger).toBeDefined();
          for (const alternative of alternativesOf(entry)) {
            expect(concept?.alternatives, `${trigger} → ${alternative.join(' ')}`).toContainEqual(
              alternative,
            );
          }
        }
      });
    },
  );
});

describe('reading questions with the vocabulary', () => {
  const file = {
    entries: [
      { kind: 'abbreviation', abbreviation: 'AF', expansions: ['atrial fibrillation'] },
      { kind: 'abbreviation', abbreviation: 'GERD', expansions: ['gastro-oesophageal reflux disease'] },
      { kind: 'abbreviation', abbreviation: 'ACE', expansions: ['angiotensin-converting enzyme'] },
      { kind: 'abbreviation', abbreviation: 'T1D', expansions: ['type 1 diabetes'] },
      { kind: 'abbreviation', abbreviation: 'T2D', expansions: ['type 2 diabetes'] },
      { kind: 'abbreviation', abbreviation: 'HIV', expansions: ['human immunodeficiency virus'] },
      { kind: 'synonym', terms: ['paracetamol', 'acetaminophen'] },
      { kind: 'lay', lay: ['blood thinner'], clinical: ['anticoagulant', 'warfarin'] },
    ],
  } as const;
  const small = compileVocabulary(structuredClone(file) as never, (word) => ['ace', 'af'].includes(word));
  const concepts = (question: string) => analyseQuestion(question, small);

  it('reads an abbreviation as written, and in lower case only when it is no English word', () => {
    expect(concepts('Do I need a blood thinner with AF?').map((concept) => concept.label)).toEqual([
      'blood thinner → blood thinner (anticoagulant, warfarin)',
      'AF → AF (atrial fibrillation)',
    ]);
    expect(concepts('what is gerd').some((concept) => concept.origin === 'vocabulary')).toBe(true);
    expect(
      concepts('is an ace inhibitor the af of it').some((concept) => concept.origin === 'vocabulary'),
    ).toBe(false);
    expect(concepts('Are NSAIDs and DOACs safe with AFs?').map((concept) => concept.label)).toContain(
      'AFs → AF (atrial fibrillation)',
    );
  });

  it('keeps meaning: type 1 and type 2 diabetes are different concepts, HIV+ is not read as plain HIV', () => {
    const [t1] = concepts('Insulin pumps for T1D');
    const [t2] = concepts('Metformin for T2D');
    expect(t1?.alternatives).toContainEqual(tokenize('type 1 diabetes'));
    expect(t1?.alternatives).not.toContainEqual(tokenize('type 2 diabetes'));
    expect(t2?.alternatives).not.toContainEqual(tokenize('type 1 diabetes'));
    expect(
      concepts('HIV+ mothers and breastfeeding').some((concept) => concept.origin === 'vocabulary'),
    ).toBe(false);
    expect(concepts('HIV− partners and PrEP').some((concept) => concept.origin === 'vocabulary')).toBe(false);
  });

  it('never reads a word as the abbreviation its stem spells: hives are not HIV, fits are not FIT', () => {
    const read = (question: string) =>
      analyseQuestion(question, vocabulary)
        .filter((concept) => concept.origin === 'vocabulary')
        .map((concept) => concept.label);
    expect(read('Do antihistamines help hives?')).toEqual(['hives → hives (urticaria)']);
    expect(read('Can an HIV+ mother breastfeed?')).toEqual([]);
    expect(read('Is HIV treatable now?')).toEqual([expect.stringMatching(/^HIV → HIV/)]);
    expect(read('What should I do during fits?')).toEqual([expect.stringMatching(/^fits → fits/)]);
    expect(read('Who should have a FIT test?')).toEqual([expect.stringMatching(/^FIT → FIT/)]);
    const hives = vocabulary.concepts.find((concept) => concept.label.startsWith('hives'));
    expect(hives?.alternatives).not.toContainEqual(['hiv']);
  });

  it('reads an idiom whose particles are stop words as written, never as its one remaining word', () => {
    const read = (question: string) =>
      analyseQuestion(question, vocabulary)
        .filter((concept) => concept.origin === 'vocabulary')
        .map((concept) => concept.label.split(' → ')[0]);
    expect(read('My son keeps throwing up')).toEqual(['throwing up']);
    expect(read('She is burning up tonight')).toEqual(['burning up']);
    expect(read('What brings on my asthma?')).toEqual(['brings on']);
    expect(read('I get puffed out on hills')).toEqual(['puffed out']);
    expect(read('Is throwing up blood an emergency?')).toEqual(['throwing up blood']);
    // The words alone are not the idiom: a burning pain is no fever, a throw is no vomit.
    expect(read('A burning pain when passing urine')).not.toContain('burning');
    expect(read('Can I throw a ball after surgery?')).toEqual([]);
    const fever = analyseQuestion('Is my baby burning up?', vocabulary).find((concept) =>
      concept.label.startsWith('burning up'),
    );
    expect(fever?.alternatives).toContainEqual(tokenize('fever'));
    expect(fever?.alternatives).not.toContainEqual(tokenize('burning'));
  });

  it('reads a multi-word trigger as one concept, then the rest word by word', () => {
    expect(
      concepts('Is acetaminophen OK with a blood thinner?').map((concept) => concept.alternatives[0]),
    ).toEqual([['paracetamol'], ['blood', 'thinner'], ['ok']]);
  });
});
