/**
 * The retrieval step in front of every draft generator: read the question
 * with the clinical vocabulary, search the index (BM25, fused with vector
 * search when the library was embedded), let the pure relevance decision
 * judge the candidates, and hand the composer the kept sources' best
 * sentences. A bounded number of index calls whatever the library's size:
 * one search (two when hybrid), one document-frequency lookup and one
 * profile lookup for at most MAX_CANDIDATE_SOURCES sources.
 */

import { tokenize } from '../domain/bm25.ts';
import type { EnglishCounts } from '../domain/concept-weights.ts';
import { questionPhrases } from '../domain/phrase-evidence.ts';
import { analyseQuestion, searchTermsOf } from '../domain/question-concepts.ts';
import { fuseByReciprocalRank } from '../domain/rank-fusion.ts';
import { decideRelevance } from '../domain/relevance.ts';
import { DEFAULT_RELEVANCE_OPTIONS, type RelevanceOptions } from '../domain/relevance-options.ts';
import type { RetrievedSource } from '../domain/retrieval.ts';
import { type LibraryPassage, type Retrieval, sentencesOf } from '../domain/retrieval.ts';
import type { SourceMetadata } from '../domain/source.ts';
import type { Vocabulary } from '../domain/vocabulary.ts';
import type { Embedder } from '../ports/embedder.ts';
import type { EvidenceRetriever, RetrieveOptions } from '../ports/evidence-retriever.ts';
import type { PassageHit, SourceIndex } from '../ports/source-index.ts';

const CANDIDATE_PASSAGES = 200;
const NEAREST_PASSAGES = 50;
const MAX_CANDIDATE_SOURCES = 30;

export interface RetrievalDependencies {
  /** The index version to read: looked up per draft, so a committed load is used at once. */
  index: () => Promise<SourceIndex>;
  vocabulary: Vocabulary;
  englishCount: EnglishCounts;
  /** Hybrid retrieval when set and the library was embedded with the same model. */
  embedder?: Embedder;
  options?: RelevanceOptions;
  /**
   * Which of these sources were withdrawn (the catalogue's one read): their passages are dropped
   * before anything is judged, so no new draft cites them. Without it every indexed source is usable.
   */
  withdrawn?: (sourceIds: readonly string[]) => Promise<ReadonlySet<string>>;
}

export function evidenceRetriever(deps: RetrievalDependencies): EvidenceRetriever {
  return {
    retrieve: (question, options) => retrieveEvidence(deps, question, options),
    pinned: async () => {
      const index = await deps.index();
      return evidenceRetriever({ ...deps, index: async () => index });
    },
  };
}

export async function retrieveEvidence(
  deps: RetrievalDependencies,
  question: string,
  options: RetrieveOptions = {},
): Promise<Retrieval> {
  const concepts = analyseQuestion(question, deps.vocabulary);
  const terms = searchTermsOf(concepts);
  const index = await deps.index();
  const [statistics, lexical] = await Promise.all([
    index.statistics(),
    terms.length > 0 ? index.searchPassages(terms, CANDIDATE_PASSAGES) : Promise.resolve([]),
  ]);
  const hits = await withoutWithdrawn(
    deps,
    await withNearest(deps, index, statistics.vectorDimensions, question, lexical),
  );
  const candidateIds = [...new Set(hits.map((hit) => hit.passage.sourceId))].slice(0, MAX_CANDIDATE_SOURCES);
  const [documentFrequency, profiles] = await Promise.all([
    terms.length > 0 ? index.documentFrequencies(terms) : Promise.resolve(new Map<string, number>()),
    candidateIds.length > 0 ? index.profiles(candidateIds) : Promise.resolve([]),
  ]);
  const decision = decideRelevance<SourceMetadata>(
    {
      concepts,
      phrases: questionPhrases(question, concepts),
      librarySize: statistics.sources,
      documentFrequency,
      candidates: profiles,
      hits: hits.map((hit) => ({ id: hit.passage.id, sourceId: hit.passage.sourceId, score: hit.score })),
    },
    deps.englishCount,
    deps.options ?? DEFAULT_RELEVANCE_OPTIONS,
  );
  const { considered } = decision;
  const searchTerms = new Set(terms);
  const offered = await offeredEvidence(deps, index, options.offer ?? [], searchTerms);
  if (!decision.relevant && offered.length === 0)
    return { relevant: false, terms: decision.terms, sources: [], passages: [], considered };
  const byId = new Map(hits.map((hit) => [hit.passage.id, hit]));
  const metadata = new Map(decision.sources.map(({ source }) => [source.id, source]));
  const ranked = decision.relevant
    ? decision.passageIds.flatMap((id) => {
        const hit = byId.get(id);
        const source = hit && metadata.get(hit.passage.sourceId);
        return hit && source ? sentencesOfHit(hit, source, searchTerms) : [];
      })
    : [];
  // Offered sources come first, so even a composer that keeps only the best-ranked ones cites them.
  const offeredIds = new Set(offered.map(({ source }) => source.source.id));
  return {
    relevant: true,
    terms: decision.terms,
    sources: [
      ...offered.map(({ source }) => source),
      ...(decision.relevant ? decision.sources : []).filter(({ source }) => !offeredIds.has(source.id)),
    ],
    passages: [
      ...offered.flatMap(({ passages }) => passages),
      ...ranked.filter((passage) => !offeredIds.has(passage.source.id)),
    ],
    considered,
  };
}

/** At most this many sources are offered, and this many of their sentences each: bounded reads and prompts. */
const MAX_OFFERED_SOURCES = 3;
const MAX_OFFERED_SENTENCES = 8;

/**
 * The sources offered whatever retrieval ranks, with their sentences that share the question's
 * terms (best first), else their opening sentences: one index read per source, none withdrawn.
 */
async function offeredEvidence(
  deps: RetrievalDependencies,
  index: SourceIndex,
  offer: readonly string[],
  searchTerms: ReadonlySet<string>,
): Promise<{ source: RetrievedSource; passages: LibraryPassage[] }[]> {
  const ids = [...new Set(offer)].slice(0, MAX_OFFERED_SOURCES);
  if (ids.length === 0) return [];
  const withdrawn = deps.withdrawn ? await deps.withdrawn(ids) : new Set<string>();
  const found = await Promise.all(ids.filter((id) => !withdrawn.has(id)).map((id) => index.source(id)));
  return found.flatMap((entry) => {
    if (!entry) return [];
    const hits = entry.passages.map((passage) => ({ passage, score: 0 }));
    const matching = hits.flatMap((hit) => sentencesOfHit(hit, entry.source, searchTerms));
    const opening = hits.flatMap((hit) => sentencesOfHit(hit, entry.source, undefined));
    const passages = (matching.length > 0 ? matching : opening).slice(0, MAX_OFFERED_SENTENCES);
    return passages.length > 0 ? [{ source: { source: entry.source, coverage: 0, rank: 0 }, passages }] : [];
  });
}

/** The hits whose source is still in use: one catalogue read for the distinct sources they come from. */
async function withoutWithdrawn(deps: RetrievalDependencies, hits: PassageHit[]): Promise<PassageHit[]> {
  if (!deps.withdrawn || hits.length === 0) return hits;
  const withdrawn = await deps.withdrawn([...new Set(hits.map((hit) => hit.passage.sourceId))]);
  return withdrawn.size === 0 ? hits : hits.filter((hit) => !withdrawn.has(hit.passage.sourceId));
}

/** Lexical hits, fused by reciprocal rank with the nearest passages when the library has vectors. */
async function withNearest(
  deps: RetrievalDependencies,
  index: SourceIndex,
  vectorDimensions: number | undefined,
  question: string,
  lexical: PassageHit[],
): Promise<PassageHit[]> {
  if (!deps.embedder || vectorDimensions !== deps.embedder.dimensions) return lexical;
  const [vector] = await deps.embedder.embed([question], 'query');
  if (!vector) return lexical;
  const nearest = await index.nearestPassages(vector, NEAREST_PASSAGES);
  const withId = (hits: PassageHit[]) => hits.map((hit) => ({ ...hit, id: hit.passage.id }));
  return fuseByReciprocalRank([withId(lexical), withId(nearest)]).map(({ item, score }) => ({
    passage: item.passage,
    score,
  }));
}

/**
 * A passage's sentences, the ones holding more of the question's terms first, scored under the
 * passage; without terms, every sentence in reading order.
 */
function sentencesOfHit(
  hit: PassageHit,
  source: SourceMetadata,
  searchTerms: ReadonlySet<string> | undefined,
): LibraryPassage[] {
  const sentences = sentencesOf(hit.passage.text).map((sentence, k) => {
    const own = tokenize(sentence);
    const share = !searchTerms
      ? 1
      : own.length === 0
        ? 0
        : own.filter((term) => searchTerms.has(term)).length / own.length;
    return { sentence, k, share };
  });
  return sentences
    .filter(({ share }) => share > 0)
    .sort((a, b) => b.share - a.share || a.k - b.k)
    .map(({ sentence, k }) => ({
      id: `${hit.passage.id}.${k}`,
      passageId: hit.passage.id,
      source,
      position: hit.passage.position * 1000 + k,
      section: hit.passage.section,
      sentence,
    }));
}
