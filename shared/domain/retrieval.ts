/**
 * The one retrieval step in front of every draft generator: BM25 over
 * sentence passages of the reference library, behind a relevance threshold
 * that weighs each question term by its IDF over the library's sources.
 *
 * Why a threshold on coverage rather than on the BM25 score: a BM25 score
 * is not comparable across questions, and two shared words are enough to
 * give an unrelated passage a high one ("recommended second-line therapy for
 * uveal melanoma" against a sentence recommending therapy for insomnia).
 * Coverage asks how much of the question's information a source holds:
 * Σ idf(matched terms) / Σ idf(question terms), and the best source must also
 * carry the question's topic in its title, where a term the library
 * never uses weighs as much as its rarest term (it is exactly what the library
 * cannot answer), and generic clinical words — a fixed list, plus any term
 * in more than half of the sources — count for nothing on either side.
 * Pure and deterministic.
 */
import { Bm25Index, stem, tokenize } from './bm25.ts';
import type { Source } from './source.ts';

export interface LibraryPassage {
  id: string;
  source: Source;
  /** Sentence position within the source, to keep reading order. */
  position: number;
  sentence: string;
}

export interface RetrievedSource {
  source: Source;
  /** Share of the question's information (IDF mass) the source holds, 0..1. */
  coverage: number;
  /** Coverage, plus half the share its title holds: a source titled with the question's topic ranks first. */
  rank: number;
}

export interface Retrieval {
  /** False when nothing in the library is relevant enough: no model may be called. */
  relevant: boolean;
  /** The question's informative terms (stemmed), for diagnostics. */
  terms: string[];
  /** Relevant sources, most covering first; empty when not relevant. */
  sources: RetrievedSource[];
  /** Passages of the relevant sources, best BM25 first. */
  passages: LibraryPassage[];
}

export interface RetrievalOptions {
  /** The best source must hold at least this share of the question's information. */
  minCoverage: number;
  /** …and its rank (coverage plus half its title's share) must reach this: the topic is in its title. */
  minRank: number;
  /** Other sources are kept when they hold this share of the best one's coverage. */
  relativeCoverage: number;
  /** A term in more than this fraction of the sources is generic in this library. */
  commonFraction: number;
  /** Passages scoring below this fraction of the best passage are noise. */
  relativePassageScore: number;
  maxSources: number;
  maxPassages: number;
}

export const DEFAULT_RETRIEVAL_OPTIONS: RetrievalOptions = {
  minCoverage: 0.5,
  minRank: 0.9,
  relativeCoverage: 0.6,
  commonFraction: 0.5,
  relativePassageScore: 0.3,
  maxSources: 4,
  maxPassages: 24,
};

/** Words every clinical question and source uses: never evidence that a source is on topic. */
export const GENERIC_CLINICAL_TERMS: ReadonlySet<string> = new Set(
  `recommended recommend recommendation therapy therapies treatment treatments treat treated patient patients
  people person adult adults risk risks effect effects dose doses safe safety help helps use used using option
  options first second third line lines manage management condition conditions disease diseases symptom
  symptoms doctor doctors health healthy medical medicine medicines medication medications care evidence
  guideline guidelines study studies common usual usually advice advise year years day days week weeks time
  times new mean means work works cause causes normal check good problem problems
  start stop long short high low increase reduce need needed happen happens put lose losing get getting feel`
    .split(/\s+/)
    .filter(Boolean)
    .map(stem),
);

// Lay words and US spellings people ask with, replaced by the terms sources use
// (replaced, not appended: a lay word the library never uses would count against the match).
const QUERY_SYNONYMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bflu\b/gi, 'influenza'],
  [/\b(?:shots?|jabs?|immuni[sz]ations?)\b/gi, 'vaccine'],
  [/\bpregnan(?:t|cy)\b/gi, 'pregnant'],
  [/\b(?:bp|blood pressure)\b/gi, 'blood pressure hypertension'],
  [/\bsugar\b/gi, 'glucose'],
  [/\bcholesterol\b/gi, 'cholesterol statins'],
  [/\bpainkillers?\b/gi, 'paracetamol ibuprofen'],
  [/\banemi(?:a|c)\b/gi, 'anaemia'],
  [/\bhemoglobin\b/gi, 'haemoglobin'],
  [/\bdiarrhea\b/gi, 'diarrhoea'],
  [/\bhypoglycemia\b/gi, 'hypoglycaemia'],
  [/\b(?:can't|cannot) sleep\b|\bsleeplessness\b/gi, 'insomnia'],
  [/\bquit(?:ting)?\b/gi, 'stopping'],
  [/\bpuffers?\b/gi, 'inhaler'],
  [/\bstrep\b/gi, 'sore throat'],
  [/\bbladder infection\b|\buti\b/gi, 'urinary tract infection'],
];

/** Rewrites lay terms into the library's vocabulary, so "flu shot" searches "influenza vaccine". */
export function expandQuery(query: string): string {
  return QUERY_SYNONYMS.reduce((text, [pattern, terms]) => text.replace(pattern, terms), query);
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

export class LibraryIndex {
  /** Sources sorted by id and de-duplicated, so results never depend on storage order. */
  readonly sources: Source[];
  readonly passages = new Map<string, LibraryPassage>();
  readonly sourceIds: ReadonlySet<string>;
  private readonly bm25: Bm25Index;
  private readonly termsBySource = new Map<string, ReadonlySet<string>>();
  private readonly titleTermsBySource = new Map<string, ReadonlySet<string>>();
  private readonly sourceFrequency = new Map<string, number>();
  private readonly options: RetrievalOptions;

  constructor(librarySources: readonly Source[], options: Partial<RetrievalOptions> = {}) {
    this.options = { ...DEFAULT_RETRIEVAL_OPTIONS, ...options };
    this.sources = [...new Map(librarySources.map((source) => [source.id, source])).values()].sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    for (const source of this.sources) {
      sentencesOf(source.text).forEach((sentence, position) => {
        const id = `${source.id}#${position}`;
        this.passages.set(id, { id, source, position, sentence });
      });
      const terms = new Set(tokenize(`${topicOf(source.title)} ${source.text}`));
      this.termsBySource.set(source.id, terms);
      this.titleTermsBySource.set(source.id, new Set(tokenize(topicOf(source.title))));
      for (const term of terms) this.sourceFrequency.set(term, (this.sourceFrequency.get(term) ?? 0) + 1);
    }
    // The topic is indexed with every sentence so "hypertension" finds a sentence that only says "blood pressure".
    this.bm25 = new Bm25Index(
      [...this.passages.values()].map((passage) => ({
        id: passage.id,
        text: `${topicOf(passage.source.title)}. ${passage.sentence}`,
      })),
    );
    this.sourceIds = new Set(this.sources.map((source) => source.id));
  }

  /** IDF over sources; a term no source uses gets the value of the rarest. */
  idf(term: string): number {
    const n = this.sources.length;
    // A term no source uses weighs as much as the rarest one the library has: it is what the library cannot answer.
    const df = this.sourceFrequency.get(term) ?? 1;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The terms that say what a question is about: no stop words, numbers or generic words. */
  informativeTerms(query: string): string[] {
    const n = this.sources.length;
    return [...new Set(tokenize(expandQuery(query)))].filter(
      (term) =>
        !/^\d+$/.test(term) &&
        // A token mixing letters and digits that the library never uses is a code or an id, not a topic.
        !(/\d/.test(term) && /\p{L}/u.test(term) && !this.sourceFrequency.has(term)) &&
        !GENERIC_CLINICAL_TERMS.has(term) &&
        (this.sourceFrequency.get(term) ?? 0) <= this.options.commonFraction * n,
    );
  }

  retrieve(query: string): Retrieval {
    const terms = this.informativeTerms(query);
    const none: Retrieval = { relevant: false, terms, sources: [], passages: [] };
    if (terms.length === 0 || this.sources.length === 0) return none;
    const total = terms.reduce((sum, term) => sum + this.idf(term), 0);
    const share = (own: ReadonlySet<string> | undefined) =>
      terms.reduce((sum, term) => sum + (own?.has(term) ? this.idf(term) : 0), 0) / total;
    const covered = this.sources
      .map((source) => {
        const coverage = share(this.termsBySource.get(source.id));
        return { source, coverage, rank: coverage + share(this.titleTermsBySource.get(source.id)) / 2 };
      })
      .sort((a, b) => b.rank - a.rank);
    const best = covered[0];
    if (!best || best.coverage < this.options.minCoverage || best.rank < this.options.minRank) return none;
    const sources = covered
      .filter(
        ({ coverage, rank }) =>
          coverage >= this.options.minCoverage * this.options.relativeCoverage &&
          rank >= best.rank * this.options.relativeCoverage,
      )
      .slice(0, this.options.maxSources);
    const kept = new Set(sources.map(({ source }) => source.id));
    const hits = this.bm25
      .search(expandQuery(query), this.passages.size)
      .filter((hit) => kept.has(this.passages.get(hit.id)?.source.id ?? ''));
    const cutoff = (hits[0]?.score ?? 0) * this.options.relativePassageScore;
    const passages = hits
      .filter((hit) => hit.score >= cutoff)
      .slice(0, this.options.maxPassages)
      .map((hit) => this.passages.get(hit.id))
      .filter((passage): passage is LibraryPassage => passage !== undefined);
    if (passages.length === 0) return none;
    return { relevant: true, terms, sources, passages };
  }
}
