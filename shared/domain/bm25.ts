/**
 * Okapi BM25 ranking over small in-memory document sets (library passages).
 * Pure and deterministic: equal scores are ordered by insertion order.
 */

// Function words, question scaffolding ("what should I ...") and generic verbs
// and adjectives ("take", "best") that would otherwise match unrelated passages.
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
  between both but by can could did do does doing down during each either else ever few for from further
  get gets got had has have having he her here hers herself him himself his how i if in into is it its
  itself just let lets may me might more most much must my myself no nor not now of off often on once
  only or other ought our ours ourselves out over own please same shall she should so some such than that
  the their theirs them themselves then there these they this those through to too under until up upon
  us very was we were what whats when where whether which while who whom whose why will with within
  without would yes yet you your yours yourself yourselves tell know need want take takes taking took
  best good bad better worse way ways thing things make makes really lot anything something someone`
    .split(/\s+/)
    .filter(Boolean),
);

// Inflectional endings are removed first, then up to two derivational ones
// ("supplementation" -> "supplement" -> "suppl").
const INFLECTIONS = ['ing', 'ed', 'ly'];
const DERIVATIONS = ['ational', 'ation', 'ion', 'ness', 'ment', 'ate', 'ic', 'al'];

/**
 * A deliberately light stemmer: it only has to map a word family
 * (treat/treats/treated/treating/treatment, vaccine/vaccination) onto one
 * key, identically for queries and documents; it need not produce words.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);

  for (const suffix of INFLECTIONS) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      // "vaccinated" -> "vaccinat" -> "vaccinate", so the derivational step can match it.
      if (w.endsWith('at') && w.length >= 6) w = `${w}e`;
      break;
    }
  }
  for (let round = 0; round < 2; round++) {
    const suffix = DERIVATIONS.find((ending) => w.endsWith(ending) && w.length - ending.length >= 4);
    if (suffix === undefined) break;
    w = w.slice(0, -suffix.length);
  }
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  if (w.endsWith('y') && w.length > 4) w = `${w.slice(0, -1)}i`;
  return w;
}

/** Lowercased, accent-free, stop-word-free, stemmed terms in text order. */
export function tokenize(text: string): string[] {
  const words =
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms: string[] = [];
  for (const word of words) {
    if (STOP_WORDS.has(word)) continue;
    if (word.length < 2 && !/\d/.test(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}

export interface Bm25Document {
  id: string;
  text: string;
  /** Terms analysed already (an index's stored passage terms): used instead of tokenize(text). */
  terms?: readonly string[];
}

export interface Bm25Hit {
  id: string;
  score: number;
  /** How many distinct query terms the document contains. */
  matchedTerms: number;
}

export interface Bm25Parameters {
  /** Term-frequency saturation. */
  k1: number;
  /** Length normalisation, 0 (none) to 1 (full). */
  b: number;
}

const DEFAULT_PARAMETERS: Bm25Parameters = { k1: 1.2, b: 0.75 };

interface Posting {
  doc: number;
  frequency: number;
}

export class Bm25Index {
  private readonly ids: string[] = [];
  private readonly lengths: number[] = [];
  private readonly postings = new Map<string, Posting[]>();
  private readonly averageLength: number;
  private readonly parameters: Bm25Parameters;

  constructor(documents: readonly Bm25Document[], parameters: Partial<Bm25Parameters> = {}) {
    this.parameters = { ...DEFAULT_PARAMETERS, ...parameters };
    let totalLength = 0;
    documents.forEach((document, doc) => {
      const terms = document.terms ?? tokenize(document.text);
      this.ids.push(document.id);
      this.lengths.push(terms.length);
      totalLength += terms.length;
      const frequencies = new Map<string, number>();
      for (const term of terms) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
      for (const [term, frequency] of frequencies) {
        const list = this.postings.get(term);
        if (list) list.push({ doc, frequency });
        else this.postings.set(term, [{ doc, frequency }]);
      }
    });
    this.averageLength = documents.length > 0 ? totalLength / documents.length : 0;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Inverse document frequency in Lucene's form, which never goes negative for common terms. */
  idf(term: string): number {
    const documentFrequency = this.postings.get(term)?.length ?? 0;
    const n = this.ids.length;
    return Math.log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  /** Documents matching at least one query term, best first; ties keep insertion order. */
  search(query: string, limit = 10): Bm25Hit[] {
    return this.searchTerms(tokenize(query), limit);
  }

  /** As search(), for query terms analysed already. */
  searchTerms(queryTerms: readonly string[], limit = 10): Bm25Hit[] {
    const { k1, b } = this.parameters;
    const scores = new Float64Array(this.ids.length);
    const matched = new Uint16Array(this.ids.length);
    for (const term of new Set(queryTerms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const { doc, frequency } of list) {
        const lengthRatio = this.averageLength > 0 ? (this.lengths[doc] ?? 0) / this.averageLength : 1;
        scores[doc] =
          (scores[doc] ?? 0) + (idf * frequency * (k1 + 1)) / (frequency + k1 * (1 - b + b * lengthRatio));
        matched[doc] = (matched[doc] ?? 0) + 1;
      }
    }
    const hits: Bm25Hit[] = [];
    scores.forEach((score, doc) => {
      if (score > 0) hits.push({ id: this.ids[doc] ?? '', score, matchedTerms: matched[doc] ?? 0 });
    });
    // Array.prototype.sort is stable, so equal scores keep document order.
    hits.sort((left, right) => right.score - left.score);
    return hits.slice(0, Math.max(0, limit));
  }
}
