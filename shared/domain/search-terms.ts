/**
 * Search terms of an article: the weighted terms its postings are written
 * for (search and similarity), and the wider set the list's `topic` filter
 * matches. Terms come from the same tokenizer as the draft generator's BM25
 * (lowercase, accent-free, stemmed, stop words dropped), so "statins" in a
 * query finds "Statin" in a title. Pure.
 */
import { tokenize } from './bm25.ts';
import type { Section } from './draft.ts';

/** Postings written per article; bounded so a publication fits one DynamoDB transaction. */
export const MAX_POSTING_TERMS = 20;
/** Topic terms kept on the live item for the list's `topic` filter. */
export const MAX_TOPIC_TERMS = 300;
/** Longer "words" (pasted hashes, runs of letters) are not worth a posting and could bloat keys. */
export const MAX_TERM_LENGTH = 48;
/** Query terms looked up per search. */
export const MAX_QUERY_TERMS = 8;

export interface TermWeight {
  term: string;
  /** 0..1; an article's posting weights form a unit vector, so the dot product of two is their cosine. */
  weight: number;
}

export interface SearchableContent {
  title: string;
  question: string;
  bottomLine: string;
  sections: Section[];
}

const usable = (term: string) => term.length <= MAX_TERM_LENGTH;

/** Field boosts: a term in the title says more about the article than one in a claim. */
const fieldsOf = (content: SearchableContent): { text: string; boost: number }[] => [
  { text: content.title, boost: 3 },
  { text: content.question, boost: 2 },
  { text: content.bottomLine, boost: 1.5 },
  ...content.sections.flatMap((section) => [
    { text: section.heading, boost: 1.5 },
    ...section.claims.map((claim) => ({ text: claim.text, boost: 1 })),
  ]),
];

/**
 * The article's strongest terms, weighted by boosted term frequency
 * (square-root damped), normalised to a unit vector over the terms kept.
 * Ties are broken by term, so the result is deterministic.
 */
export function articleTermWeights(
  content: SearchableContent,
  maxTerms: number = MAX_POSTING_TERMS,
): TermWeight[] {
  const raw = new Map<string, number>();
  for (const { text, boost } of fieldsOf(content)) {
    for (const term of tokenize(text)) {
      if (usable(term)) raw.set(term, (raw.get(term) ?? 0) + boost);
    }
  }
  const top = [...raw.entries()]
    .map(([term, score]) => ({ term, weight: Math.sqrt(score) }))
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, Math.max(0, maxTerms));
  const norm = Math.sqrt(top.reduce((sum, { weight }) => sum + weight * weight, 0));
  if (norm === 0) return [];
  return top.map(({ term, weight }) => ({ term, weight: round(weight / norm) }));
}

/** Every distinct term of the title, question, bottom line and headings, for the list's topic filter. */
export function topicTerms(content: SearchableContent): string[] {
  const texts = [
    content.title,
    content.question,
    content.bottomLine,
    ...content.sections.map((s) => s.heading),
  ];
  const terms = new Set<string>();
  for (const text of texts) {
    for (const term of tokenize(text)) if (usable(term)) terms.add(term);
  }
  return [...terms].slice(0, MAX_TOPIC_TERMS);
}

/** The distinct terms of a search query or topic, in order, at most `max`. */
export function queryTerms(text: string, max: number = MAX_QUERY_TERMS): string[] {
  return [...new Set(tokenize(text).filter(usable))].slice(0, max);
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** Terms of an article's similarity vector. */
export const MAX_SIMILARITY_TERMS = 12;

/** What says what an article is about: not the claims, which repeat library sentences across topics. */
const aboutFields = (content: SearchableContent): { text: string; boost: number }[] => [
  { text: content.title, boost: 3 },
  { text: content.question, boost: 3 },
  { text: content.bottomLine, boost: 1 },
  ...content.sections.map((section) => ({ text: section.heading, boost: 1 })),
];

/** Boosted term counts over the title, question, bottom line and headings. */
export function similarityTermCounts(content: SearchableContent): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { text, boost } of aboutFields(content)) {
    for (const term of tokenize(text)) {
      if (usable(term)) counts.set(term, (counts.get(term) ?? 0) + boost);
    }
  }
  return counts;
}

/** Corpus statistics: how many live articles have each term in their similarity vector, and how many there are. */
export interface CorpusStats {
  articles: number;
  documentFrequency: ReadonlyMap<string, number>;
}

/**
 * The TF-IDF vector of an article (log-scaled term frequency times smoothed
 * inverse document frequency, `ln(1 + N / df)`), its strongest `max` terms,
 * unit length: the dot product of two such vectors is their cosine. The
 * statistics are the corpus's without the article; it is counted in here.
 */
export function tfIdfVector(
  counts: ReadonlyMap<string, number>,
  corpus: CorpusStats,
  max: number = MAX_SIMILARITY_TERMS,
): TermWeight[] {
  const articles = corpus.articles + 1;
  const weighted = [...counts.entries()].map(([term, count]) => {
    const df = (corpus.documentFrequency.get(term) ?? 0) + 1;
    return { term, weight: (1 + Math.log(count)) * Math.log(1 + articles / df) };
  });
  const top = weighted
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, Math.max(0, max));
  const norm = Math.sqrt(top.reduce((sum, { weight }) => sum + weight * weight, 0));
  if (norm === 0) return [];
  return top.map(({ term, weight }) => ({ term, weight: round(weight / norm) }));
}

/** A search posting: an article having a term, with what a search result shows of it. */
export interface SearchPosting {
  slug: string;
  title: string;
  bottomLine: string;
  lastUpdated: string;
  /** The term's search weight in the article. */
  weight: number;
}

export interface SearchHit {
  slug: string;
  title: string;
  bottomLine: string;
  lastUpdated: string;
  score: number;
}

/** Articles ranked by the summed weights of the query terms they have, best first, at most `limit`. */
export function rankSearch(
  postings: ReadonlyMap<string, readonly SearchPosting[]>,
  limit: number,
): SearchHit[] {
  const hits = new Map<string, SearchHit>();
  for (const list of postings.values()) {
    for (const posting of list) {
      if (posting.weight <= 0) continue;
      const hit = hits.get(posting.slug) ?? {
        slug: posting.slug,
        title: posting.title,
        bottomLine: posting.bottomLine,
        lastUpdated: posting.lastUpdated,
        score: 0,
      };
      hit.score += posting.weight;
      hits.set(posting.slug, hit);
    }
  }
  return [...hits.values()]
    .sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
    .slice(0, Math.max(0, limit))
    .map((hit) => ({ ...hit, score: Math.round(hit.score * 1e4) / 1e4 }));
}
