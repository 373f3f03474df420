/**
 * What the retrieval step hands a composer: the relevance decision's verdict
 * (shared/domain/relevance.ts), the sources it kept and their best
 * sentences, plus the text helpers passages are read with. Pure.
 */

import type { TermReport } from './concept-weights.ts';
import type { SourceMetadata } from './source.ts';

export interface LibraryPassage {
  /** `${passageId}.${k}`: the k-th sentence of an index passage. */
  id: string;
  /** The index passage it is a sentence of. */
  passageId: string;
  source: SourceMetadata;
  /** Reading order within the source. */
  position: number;
  /** The headings above it in the source, outermost first. */
  section: string[];
  sentence: string;
}

export interface RetrievedSource {
  source: SourceMetadata;
  /** Share of the question's information (IDF mass) the source holds, 0..1. */
  coverage: number;
  /** Coverage, plus half the share its title holds: a source titled with the question's topic ranks first. */
  rank: number;
}

export interface Retrieval {
  /** False when nothing in the library is relevant enough: no model may be called. */
  relevant: boolean;
  /** Which of the question's terms the library matched, ignored or lacks: shown to reviewers. */
  terms: TermReport;
  /** Relevant sources, most covering first; empty when not relevant. */
  sources: RetrievedSource[];
  /** Sentences of the relevant sources' best passages, best first. */
  passages: LibraryPassage[];
  /** The best candidate sources and their scores, kept or not (diagnostics: why a question was refused). */
  considered: { id: string; coverage: number; rank: number }[];
}

const SENTENCE_BOUNDARY = /(?<=[.!?])\s+(?=["'([]?[\p{Lu}\p{N}])/u;
// Numeric reference markers inside a source ("[3]") would point at citations a draft does not have.
const SOURCE_REFERENCE_MARKER = /\s*\[\d+(?:\s*[,–-]\s*\d+)*\]/g;
const MAX_PASSAGE_CHARS = 400;
const MAX_TOPIC_CHARS = 150;

/** A source's text as passages: sentences, with overlong ones cut at word boundaries. */
export function sentencesOf(text: string): string[] {
  return text
    .replace(SOURCE_REFERENCE_MARKER, '')
    .replace(/\s+/g, ' ')
    .trim()
    .split(SENTENCE_BOUNDARY)
    .flatMap((sentence) => chunk(sentence.trim(), MAX_PASSAGE_CHARS))
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}

function chunk(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const pieces: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (next.length > maxChars && current) {
      pieces.push(`${current}…`);
      current = word.slice(0, maxChars);
    } else {
      current = next.slice(0, maxChars);
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/** "[Demo] Statins for preventing stroke" -> "Statins for preventing stroke". */
export function topicOf(title: string): string {
  const topic = title.replace(/^\s*\[[^\]]*\]\s*/, '').trim() || title.trim();
  return truncate(topic, MAX_TOPIC_CHARS);
}

export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
