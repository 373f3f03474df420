/**
 * What a source index stores of one library source, whatever the engine:
 * its metadata, its passages, and the analysed terms both the passage search
 * and the relevance decision match on. Every SourceIndexBuilder analyses
 * sources here, so two engines built from one library answer alike. Pure.
 */

import { tokenize } from './bm25.ts';
import type { Passage } from './passages.ts';
import { splitIntoPassages } from './passages.ts';
import type { Source, SourceMetadata } from './source.ts';

export interface IndexedPassage {
  passage: Passage;
  /**
   * The passage's analysed terms, space-separated, in text order: its
   * source's title first, so a passage matches its document's topic even when
   * its own sentences only say "it" (BM25 counts both).
   */
  terms: string;
}

export interface IndexedSource {
  /** Everything but the text, including optional fields this version does not know (kept verbatim). */
  metadata: SourceMetadata;
  /** Unique analysed terms of the title. */
  titleTerms: string[];
  /** Unique analysed terms of the title, the headings and every passage. */
  terms: string[];
  /** Unique pairs of adjacent analysed terms ("genit herp") within the title, a heading or a passage. */
  phrases: string[];
  passages: IndexedPassage[];
}

/** Pairs of adjacent terms of one analysed text, as `${first} ${second}`. */
export function phrasesOf(terms: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let index = 1; index < terms.length; index++) pairs.push(`${terms[index - 1]} ${terms[index]}`);
  return pairs;
}

export function indexSource(source: Source): IndexedSource {
  const { text, ...metadata } = source;
  const titleTerms = tokenize(source.title);
  const titlePrefix = titleTerms.join(' ');
  const unique = new Set(titleTerms);
  const phrases = new Set(phrasesOf(titleTerms));
  const passages = splitIntoPassages(source.id, text);
  const seenSections = new Set<readonly string[]>();
  const indexed = passages.map((passage): IndexedPassage => {
    const passageTerms = tokenize(passage.text);
    for (const term of passageTerms) unique.add(term);
    for (const phrase of phrasesOf(passageTerms)) phrases.add(phrase);
    // Consecutive passages share one section array: analyse each path once.
    if (!seenSections.has(passage.section)) {
      seenSections.add(passage.section);
      for (const heading of passage.section) {
        const headingTerms = tokenize(heading);
        for (const term of headingTerms) unique.add(term);
        for (const phrase of phrasesOf(headingTerms)) phrases.add(phrase);
      }
    }
    const joined = passageTerms.join(' ');
    return {
      passage,
      terms: titlePrefix === '' ? joined : joined === '' ? titlePrefix : `${titlePrefix} ${joined}`,
    };
  });
  return {
    metadata,
    titleTerms: [...new Set(titleTerms)],
    terms: [...unique],
    phrases: [...phrases],
    passages: indexed,
  };
}

/** The order of a source table: by title, then id, by UTF-16 code units (locale-independent, so stable). */
export function compareByTitle(
  left: { title: string; id: string },
  right: { title: string; id: string },
): number {
  if (left.title !== right.title) return left.title < right.title ? -1 : 1;
  if (left.id !== right.id) return left.id < right.id ? -1 : 1;
  return 0;
}

/** A version id is one path segment of the index's location. */
export const INDEX_VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
