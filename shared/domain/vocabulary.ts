/**
 * The clinical vocabulary the retrieval step reads questions with: drug-name
 * and clinical synonyms, abbreviations and lay terms, from one data file
 * (vocabulary/clinical-vocabulary.json). Compiled once per container into
 * concepts: each entry is one concept whose alternatives are the analysed
 * term sequences a source may use for it. A question mentioning any trigger
 * of a concept asks about that concept, and a source holding any of its
 * alternatives holds it. Expansion only adds ways to match: the concept still
 * weighs as one term, so it never lowers the bar for refusing a question.
 */
import { tokenize } from './bm25.ts';

export type VocabularyEntry =
  | { kind: 'synonym'; terms: string[]; note?: string }
  | { kind: 'abbreviation'; abbreviation: string; expansions: string[]; note?: string }
  | { kind: 'lay'; lay: string[]; clinical: string[]; note?: string };

export interface VocabularyFile {
  entries: VocabularyEntry[];
}

export interface VocabularyConcept {
  /** Index of the entry in the file, for diagnostics and tests. */
  entry: number;
  kind: VocabularyEntry['kind'];
  /** The words as the entry names them, for reviewers: "AF (atrial fibrillation)". */
  label: string;
  /** Analysed term sequences a source may use for the concept. */
  alternatives: string[][];
}

export interface ConceptMatch {
  concept: VocabularyConcept;
  /** The question's words that named it. */
  surface: string;
}

export interface Vocabulary {
  readonly concepts: readonly VocabularyConcept[];
  /**
   * The concepts a question names, and the analysed terms of the words
   * left over (in order), which the decision reads one by one.
   */
  find(question: string): { rest: string[]; matches: ConceptMatch[] };
}

const key = (terms: readonly string[]) => terms.join(' ');
// A placeholder survives tokenize() as one term that no English or library word looks like.
const placeholder = (index: number) => ` qqvocab${index}qq `;
const PLACEHOLDER = /^qqvocab(\d+)qq$/;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Compiles the vocabulary file. `isEnglishWord` tells whether a lowercased
 * abbreviation is also an everyday word ("ace", "pe"): only abbreviations that
 * are not may match in lower case ("gerd", "copd").
 */
export function compileVocabulary(
  file: VocabularyFile,
  isEnglishWord: (word: string) => boolean = () => true,
): Vocabulary {
  // Each phrase is analysed once: the entries are walked several times below.
  const analysedPhrases = new Map<string, string[]>();
  const analyse = (phrase: string) => {
    let terms = analysedPhrases.get(phrase);
    if (!terms) {
      terms = tokenize(phrase);
      analysedPhrases.set(phrase, terms);
    }
    return terms;
  };
  // A word whose stem is an abbreviation's ("hives" → "hiv", as "HIV" is) would read one as the other, in
  // questions and in sources alike: such a word is matched in questions as written, and never by its stem.
  const abbreviationsOfStem = new Map<string, Set<string>>();
  for (const entry of file.entries)
    if (entry.kind === 'abbreviation') {
      const stem = key(analyse(entry.abbreviation));
      abbreviationsOfStem.set(
        stem,
        (abbreviationsOfStem.get(stem) ?? new Set()).add(entry.abbreviation.toLowerCase()),
      );
    }
  const stemIsAnAbbreviation = (phrase: string) => {
    const abbreviations = abbreviationsOfStem.get(key(analyse(phrase)));
    return abbreviations !== undefined && !abbreviations.has(phrase.trim().toLowerCase());
  };
  const isIdiomOfStopWords = (phrase: string) => /\s/.test(phrase.trim()) && analyse(phrase).length === 1;
  // "Down syndrome" or "penicillin V" analyse to one word that means something else: left out.
  const analysed = (phrases: readonly string[]) =>
    phrases
      .filter((phrase) => !stemIsAnAbbreviation(phrase))
      .map((phrase) => ({ phrase, terms: analyse(phrase) }))
      .filter(({ phrase, terms }) => terms.length > 0 && !(/\s/.test(phrase.trim()) && terms.length === 1))
      .map(({ terms }) => terms);
  const triggersOf = (entry: VocabularyEntry) =>
    analysed(
      entry.kind === 'synonym' ? entry.terms : entry.kind === 'abbreviation' ? entry.expansions : entry.lay,
    );
  const othersOf = (entry: VocabularyEntry) =>
    analysed(
      entry.kind === 'synonym' ? [] : entry.kind === 'abbreviation' ? [entry.abbreviation] : entry.clinical,
    );

  // Entries sharing a way of saying it are one concept (GERD and GORD, T2D and "type 2 diabetes").
  const group = file.entries.map((_, index) => index);
  const root = (index: number): number => {
    while (group[index] !== index) index = group[index] as number;
    return index;
  };
  const lowerCaseCount = new Map<string, number>();
  for (const entry of file.entries)
    if (entry.kind === 'abbreviation')
      lowerCaseCount.set(
        entry.abbreviation.toLowerCase(),
        (lowerCaseCount.get(entry.abbreviation.toLowerCase()) ?? 0) + 1,
      );
  const firstEntryOf = new Map<string, number>();
  file.entries.forEach((entry, index) => {
    // A lay entry for "GP" is the abbreviation GP's concept too (not when "PsA" and "PSA" share the letters).
    const own =
      entry.kind === 'abbreviation' && lowerCaseCount.get(entry.abbreviation.toLowerCase()) === 1
        ? analysed([entry.abbreviation])
        : [];
    for (const terms of [...own, ...triggersOf(entry)]) {
      const other = firstEntryOf.get(key(terms));
      if (other === undefined) firstEntryOf.set(key(terms), index);
      else if (root(other) !== root(index)) group[root(index)] = root(other);
    }
  });

  const concepts: VocabularyConcept[] = [];
  const conceptOfGroup = new Map<number, VocabularyConcept>();
  file.entries.forEach((entry, index) => {
    const label =
      entry.kind === 'abbreviation'
        ? `${entry.abbreviation} (${entry.expansions.join(', ')})`
        : entry.kind === 'lay'
          ? `${entry.lay[0]} (${entry.clinical.join(', ')})`
          : entry.terms.join(' / ');
    let concept = conceptOfGroup.get(root(index));
    if (!concept) {
      concept = { entry: index, kind: entry.kind, label, alternatives: [] };
      conceptOfGroup.set(root(index), concept);
      concepts.push(concept);
    }
    const known = new Set(concept.alternatives.map(key));
    for (const terms of [...triggersOf(entry), ...othersOf(entry)]) {
      if (!known.has(key(terms))) {
        known.add(key(terms));
        concept.alternatives.push(terms);
      }
    }
  });

  const phraseTriggers = new Map<string, VocabularyConcept>();
  file.entries.forEach((entry, index) => {
    const concept = conceptOfGroup.get(root(index)) as VocabularyConcept;
    for (const terms of triggersOf(entry)) phraseTriggers.set(key(terms), concept);
  });

  // A lay term's clinical words may themselves be vocabulary ("painkiller" → "NSAID" → "non-steroidal
  // anti-inflammatory drug"): one level of their alternatives joins the lay concept, no further.
  const byAbbreviation = new Map<string, VocabularyConcept>();
  file.entries.forEach((entry, index) => {
    if (entry.kind === 'abbreviation')
      byAbbreviation.set(entry.abbreviation, conceptOfGroup.get(root(index)) as VocabularyConcept);
  });
  const direct = new Map(concepts.map((concept) => [concept, [...concept.alternatives]]));
  file.entries.forEach((entry, index) => {
    if (entry.kind !== 'lay') return;
    const concept = conceptOfGroup.get(root(index)) as VocabularyConcept;
    const known = new Set(concept.alternatives.map(key));
    for (const clinical of entry.clinical) {
      const terms = analyse(clinical);
      const related = byAbbreviation.get(clinical) ?? phraseTriggers.get(key(terms));
      if (!related || related === concept) continue;
      for (const alternative of direct.get(related) ?? []) {
        if (!known.has(key(alternative))) {
          known.add(key(alternative));
          concept.alternatives.push(alternative);
        }
      }
    }
  });

  const abbreviationPatterns: { pattern: RegExp; concept: VocabularyConcept; exact: boolean }[] = [];
  file.entries.forEach((entry, index) => {
    if (entry.kind !== 'abbreviation') return;
    const lower = entry.abbreviation.toLowerCase();
    // Lower case only when it is no English word and no other abbreviation ("copd", not "ace" or "psa"/"PsA").
    const exact =
      !/\p{L}{3}/u.test(entry.abbreviation) || isEnglishWord(lower) || (lowerCaseCount.get(lower) ?? 0) > 1;
    abbreviationPatterns.push({
      // Plural "NSAIDs" and "DOACs"; never inside a longer word, nor "HIV+" read as plain HIV.
      pattern: new RegExp(
        `(?<![\\p{L}\\p{N}])${escapeRegExp(entry.abbreviation)}s?(?![\\p{L}\\p{N}+−-])`,
        exact ? 'gu' : 'giu',
      ),
      concept: conceptOfGroup.get(root(index)) as VocabularyConcept,
      exact,
    });
  });
  // An idiom whose particles are stop words ("throwing up", "burning up", "puffed out") analyses to one
  // word that means something else: it is matched as written, never by its words; and so is a longer
  // trigger holding it ("throwing up blood"), which is tried first.
  const wordsOf = (phrase: string) => ` ${phrase.trim().toLowerCase().split(/\s+/).join(' ')} `;
  const idioms = file.entries.flatMap((entry, index) =>
    entry.kind === 'abbreviation' || (conceptOfGroup.get(root(index))?.alternatives.length ?? 0) === 0
      ? []
      : (entry.kind === 'synonym' ? entry.terms : entry.lay).filter(isIdiomOfStopWords).map(wordsOf),
  );
  const asWritten = (phrase: string) =>
    stemIsAnAbbreviation(phrase) || idioms.some((idiom) => wordsOf(phrase).includes(idiom));
  file.entries.forEach((entry, index) => {
    if (entry.kind === 'abbreviation') return;
    for (const phrase of entry.kind === 'synonym' ? entry.terms : entry.lay) {
      if (!asWritten(phrase)) continue;
      abbreviationPatterns.push({
        pattern: new RegExp(
          `(?<![\\p{L}\\p{N}])${escapeRegExp(phrase.trim()).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`,
          'giu',
        ),
        concept: conceptOfGroup.get(root(index)) as VocabularyConcept,
        exact: false,
      });
    }
  });
  // Longer ones first ("GLP-1 RA" before "RA", "HbA1c" before "Hb"), exact case first ("PsA" before "PSA").
  abbreviationPatterns.sort(
    (a, b) => b.pattern.source.length - a.pattern.source.length || Number(b.exact) - Number(a.exact),
  );
  const longestTrigger = Math.max(1, ...[...phraseTriggers.keys()].map((phrase) => phrase.split(' ').length));

  return {
    concepts,
    find(question) {
      const matches: ConceptMatch[] = [];
      let text = question;
      for (const { pattern, concept } of abbreviationPatterns) {
        text = text.replace(pattern, (surface) => {
          matches.push({ concept, surface });
          return placeholder(matches.length - 1);
        });
      }
      const terms = tokenize(text);
      const rest: string[] = [];
      const found: ConceptMatch[] = [];
      for (let at = 0; at < terms.length; ) {
        const term = terms[at] ?? '';
        const placed = PLACEHOLDER.exec(term);
        if (placed) {
          const match = matches[Number(placed[1])];
          if (match) found.push(match);
          at++;
          continue;
        }
        let matched = false;
        for (let length = Math.min(longestTrigger, terms.length - at); length >= 1 && !matched; length--) {
          const phrase = terms.slice(at, at + length);
          const concept = phraseTriggers.get(key(phrase));
          if (concept && !phrase.some((part) => PLACEHOLDER.test(part))) {
            found.push({ concept, surface: phrase.join(' ') });
            at += length;
            matched = true;
          }
        }
        if (!matched) {
          rest.push(term);
          at++;
        }
      }
      return { rest, matches: found };
    },
  };
}
