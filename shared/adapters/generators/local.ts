/**
 * The embedded draft generator: BM25 retrieval over sentence passages of the
 * reference library, composed into a cited draft. It only ever repeats
 * library sentences (never invents a claim) and is fully deterministic.
 *
 * Reviewer comments (from request_changes) are appended to the retrieval
 * query, each comment is also searched on its own to add a cited
 * "Reviewer feedback addressed" section, and the draft carries the
 * `reviewer_comments_applied` flag so the reviewer knows to look for it.
 */
import { createHash } from 'node:crypto';
import { Bm25Index, tokenize } from '../../domain/bm25.ts';
import {
  type Citation,
  type Claim,
  DRAFT_FLAGS,
  type Draft,
  parseDraft,
  type Section,
} from '../../domain/draft.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { Source } from '../../domain/source.ts';
import {
  type DraftGenerator,
  type DraftRequest,
  GeneratorOutputError,
  type SourceLibrary,
} from '../../ports/draft-generator.ts';
import { capitalize, lowerFirst, plainLanguage, splitIntoShortSentences } from './plain-language.ts';

/** Versions the composition rules, reported where remote adapters report their prompt version. */
export const LOCAL_COMPOSER_VERSION = 'local-compose-v1';

export const REVIEWER_FEEDBACK_HEADING = 'Reviewer feedback addressed';

export interface LocalGeneratorOptions {
  /** Minimum BM25 score for a passage to count as relevant at all. */
  minScore?: number;
  /** Passages scoring below this fraction of the best passage are treated as noise. */
  relativeCutoff?: number;
}

const DEFAULT_MIN_SCORE = 3;
const DEFAULT_RELATIVE_CUTOFF = 0.4;
const MAX_TOPIC_SECTIONS = 3;
const MAX_CLAIMS_PER_SECTION = 3;
const MAX_FEEDBACK_CLAIMS = 5;
const PASSAGES_PER_COMMENT = 2;
/** Queries with this many distinct terms need passages matching at least two of them. */
const MULTI_TERM_QUERY = 4;
const MAX_PATIENT_CLAIMS_PER_SECTION = 4;
const MAX_SUGGESTIONS = 6;
const MAX_PASSAGE_CHARS = 400;
const MAX_TITLE_CHARS = 150;
const MAX_TOPIC_CHARS = 150;

const FALLBACK_SUGGESTIONS = [
  'Which topics does the reference library cover?',
  'How are answers on Vetted reviewed before publication?',
  'How can I ask a more specific follow-up question?',
  'Where can I find trusted health information?',
];

interface Passage {
  id: string;
  source: Source;
  /** Sentence position within the source, to keep reading order. */
  position: number;
  sentence: string;
}

interface RetrievalIndex {
  fingerprint: string;
  sources: Source[];
  passages: Map<string, Passage>;
  bm25: Bm25Index;
  sourceIds: ReadonlySet<string>;
}

export class LocalDraftGenerator implements DraftGenerator {
  private cached: RetrievalIndex | undefined;
  private builds = 0;
  private readonly minScore: number;
  private readonly relativeCutoff: number;

  constructor(
    private readonly library: SourceLibrary,
    options: LocalGeneratorOptions = {},
  ) {
    this.minScore = options.minScore ?? DEFAULT_MIN_SCORE;
    this.relativeCutoff = options.relativeCutoff ?? DEFAULT_RELATIVE_CUTOFF;
  }

  /** How many times the retrieval index was (re)built; it is rebuilt only when the library changes. */
  get indexBuilds(): number {
    return this.builds;
  }

  async generate(request: DraftRequest): Promise<Draft> {
    const index = await this.index();
    const comments = request.reviewerComments.map((comment) => comment.trim()).filter(Boolean);
    const query = expandQuery([request.question, ...comments].join('\n'));
    const relevant = this.relevantPassages(index, query);
    const draft =
      relevant.length === 0
        ? noRelevantDraft(request)
        : this.compose(index, request.question, relevant, comments);
    draft.title = titleFromQuestion(request.question);
    draft.suggestedQuestions = suggestedQuestions(index, query, request.question);
    if (comments.length > 0) draft.flags = [...(draft.flags ?? []), DRAFT_FLAGS.reviewerCommentsApplied];
    try {
      return parseDraft(draft, index.sourceIds);
    } catch (error) {
      // A composition bug, never expected: surface it as permanent rather than retrying forever.
      if (error instanceof ValidationError) {
        throw new GeneratorOutputError(`Local draft failed its own checks: ${error.message}`, error.errors);
      }
      throw error;
    }
  }

  private async index(): Promise<RetrievalIndex> {
    const sources = await this.library.allSources();
    const fingerprint = fingerprintOf(sources);
    if (this.cached?.fingerprint !== fingerprint) {
      this.cached = buildIndex(sources, fingerprint);
      this.builds++;
    }
    return this.cached;
  }

  private relevantPassages(index: RetrievalIndex, query: string): Passage[] {
    const hits = index.bm25.search(query, 40);
    const cutoff = Math.max(this.minScore, (hits[0]?.score ?? 0) * this.relativeCutoff);
    // One shared word ("replace" ~ "nicotine replacement") is no evidence for a longer question.
    const minMatchedTerms = new Set(tokenize(query)).size >= MULTI_TERM_QUERY ? 2 : 1;
    return hits
      .filter((hit) => hit.score >= cutoff && hit.matchedTerms >= minMatchedTerms)
      .map((hit) => index.passages.get(hit.id))
      .filter((passage): passage is Passage => passage !== undefined);
  }

  /**
   * Picks the passages first (reviewer-requested evidence is reserved before
   * the topic sections take theirs), then numbers citations in reading order.
   */
  private compose(index: RetrievalIndex, question: string, relevant: Passage[], comments: string[]): Draft {
    const feedbackPassages: Passage[] = [];
    const reserved = new Set<string>();
    for (const comment of comments) {
      for (const passage of this.relevantPassages(index, expandQuery(comment))
        .filter((candidate) => !reserved.has(candidate.id))
        .slice(0, PASSAGES_PER_COMMENT)) {
        reserved.add(passage.id);
        feedbackPassages.push(passage);
      }
    }

    const bySource = new Map<string, Passage[]>();
    for (const passage of relevant) {
      if (reserved.has(passage.id)) continue;
      const list = bySource.get(passage.source.id);
      if (list) list.push(passage);
      else bySource.set(passage.source.id, [passage]);
    }
    const topicGroups = [...bySource.values()]
      .slice(0, MAX_TOPIC_SECTIONS)
      .map((passages) => passages.slice(0, MAX_CLAIMS_PER_SECTION).sort((a, b) => a.position - b.position));

    const citations = new CitationNumbers();
    const claims = new ClaimCollector();
    const toClaims = (passages: Passage[]) =>
      passages
        .map((passage) => claims.add(passage.sentence, citations.numberFor(passage.source)))
        .filter((claim): claim is Claim => claim !== undefined);

    const sections: Section[] = [];
    for (const group of topicGroups) {
      const sectionClaims = toClaims(group);
      const source = group[0]?.source;
      if (source && sectionClaims.length > 0)
        sections.push({ heading: topicOf(source.title), claims: sectionClaims });
    }
    const feedbackClaims = toClaims(feedbackPassages.slice(0, MAX_FEEDBACK_CLAIMS));
    const feedbackSection =
      feedbackClaims.length > 0 ? { heading: REVIEWER_FEEDBACK_HEADING, claims: feedbackClaims } : undefined;
    if (feedbackSection) sections.push(feedbackSection);

    // The bottom line answers the question itself, not a reviewer's addition, from a claimed passage.
    const claimed = new Set([...topicGroups.flat(), ...feedbackPassages].map((passage) => passage.id));
    const top =
      this.relevantPassages(index, expandQuery(question)).find((passage) => claimed.has(passage.id)) ??
      (relevant[0] as Passage);
    const topNumber = citations.numberFor(top.source);
    const patientTop = splitIntoShortSentences(plainLanguage(top.sentence))[0] ?? top.sentence;

    return {
      title: '',
      bottomLine: `${top.sentence} [${topNumber}]`,
      sections,
      citations: citations.list(),
      patient: {
        bottomLine: `${patientTop} [${topNumber}] Ask your doctor, nurse or pharmacist what this means for you.`,
        sections: sections.map((section) => patientSection(section, section === feedbackSection)),
      },
      suggestedQuestions: [],
      generator: { adapter: 'local', model: 'bm25', promptVersion: LOCAL_COMPOSER_VERSION },
    };
  }
}

function noRelevantDraft(request: DraftRequest): Draft {
  return {
    title: '',
    bottomLine:
      'The reference library has no source relevant to this question, so no answer was drafted. ' +
      'A reviewer should add suitable sources or answer the question directly.',
    sections: [],
    citations: [],
    patient: {
      bottomLine:
        `We could not find a trusted source that answers this question yet, so we have not written an answer. ` +
        `Please talk to your doctor, nurse or pharmacist about it${request.audience === 'patient' ? '' : ' in the meantime'}.`,
      sections: [],
    },
    suggestedQuestions: [],
    generator: { adapter: 'local', model: 'bm25', promptVersion: LOCAL_COMPOSER_VERSION },
    flags: [DRAFT_FLAGS.noRelevantSources],
  };
}

function patientSection(section: Section, isFeedback: boolean): Section {
  const claims = section.claims.slice(0, 2).flatMap((claim) =>
    splitIntoShortSentences(plainLanguage(claim.text)).map((text) => ({
      text,
      citations: [...claim.citations],
    })),
  );
  return {
    heading: isFeedback ? 'What changed after review' : `About ${lowerFirst(plainLanguage(section.heading))}`,
    claims: claims.slice(0, MAX_PATIENT_CLAIMS_PER_SECTION),
  };
}

/** Numbers each cited source once, 1..k in order of first citation. */
class CitationNumbers {
  private readonly numbers = new Map<string, Citation>();

  numberFor(source: Source): number {
    const existing = this.numbers.get(source.id);
    if (existing) return existing.n;
    const n = this.numbers.size + 1;
    this.numbers.set(source.id, {
      n,
      title: source.title,
      publisher: source.publisher,
      year: source.year,
      url: source.url,
      sourceId: source.id,
    });
    return n;
  }

  list(): Citation[] {
    return [...this.numbers.values()];
  }
}

/** Turns sentences into claims, merging the citations of a sentence found in several sources. */
class ClaimCollector {
  private readonly byText = new Map<string, Claim>();

  /** The new claim, or undefined when the sentence was already claimed (its citations then grow). */
  add(sentence: string, citation: number): Claim | undefined {
    const key = sentence
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    const existing = this.byText.get(key);
    if (existing) {
      if (!existing.citations.includes(citation)) existing.citations.push(citation);
      return undefined;
    }
    const claim = { text: sentence, citations: [citation] };
    this.byText.set(key, claim);
    return claim;
  }
}

function buildIndex(librarySources: Source[], fingerprint: string): RetrievalIndex {
  // Sorted and de-duplicated by id so the output does not depend on the storage order.
  const sources = [...new Map(librarySources.map((source) => [source.id, source])).values()].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const passages = new Map<string, Passage>();
  for (const source of sources) {
    sentencesOf(source.text).forEach((sentence, position) => {
      const id = `${source.id}#${position}`;
      passages.set(id, { id, source, position, sentence });
    });
  }
  // The topic is indexed with every sentence so "hypertension" finds a sentence that only says "blood pressure".
  const documents = [...passages.values()].map((passage) => ({
    id: passage.id,
    text: `${topicOf(passage.source.title)}. ${passage.sentence}`,
  }));
  return {
    fingerprint,
    sources,
    passages,
    bm25: new Bm25Index(documents),
    sourceIds: new Set(sources.map((source) => source.id)),
  };
}

function fingerprintOf(sources: readonly Source[]): string {
  const hash = createHash('sha256');
  for (const source of sources) {
    for (const field of [
      source.id,
      source.title,
      source.publisher,
      String(source.year),
      source.url,
      source.text,
    ]) {
      hash.update(field).update('\u0000');
    }
  }
  return hash.digest('hex');
}

// Lay words and US spellings people ask with, mapped to the terms sources use.
const QUERY_SYNONYMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bflu\b/i, 'influenza'],
  [/\b(?:shots?|jabs?|immuni[sz]ations?)\b/i, 'vaccine'],
  [/\bpregnan(?:t|cy)\b/i, 'pregnant pregnancy'],
  [/\b(?:bp|blood pressure)\b/i, 'hypertension blood pressure'],
  [/\bsugar\b/i, 'glucose'],
  [/\bcholesterol\b/i, 'statins'],
  [/\bpainkillers?\b/i, 'paracetamol ibuprofen'],
  [/\banemi(?:a|c)\b/i, 'anaemia'],
  [/\bhemoglobin\b/i, 'haemoglobin'],
  [/\bdiarrhea\b/i, 'diarrhoea'],
  [/\bhypoglycemia\b/i, 'hypoglycaemia'],
  [/\b(?:can't|cannot) sleep\b|\bsleeplessness\b/i, 'insomnia'],
  [/\bquit(?:ting)?\b/i, 'stopping'],
  [/\bpuffers?\b/i, 'inhaler'],
  [/\bstrep\b/i, 'sore throat'],
  [/\bbladder infection\b|\buti\b/i, 'urinary tract infection'],
];

/** Appends the library's vocabulary for lay terms, so "flu shot" also searches "influenza vaccine". */
export function expandQuery(query: string): string {
  const expansions = QUERY_SYNONYMS.filter(([pattern]) => pattern.test(query)).map(([, terms]) => terms);
  return expansions.length > 0 ? `${query}\n${expansions.join(' ')}` : query;
}

const SENTENCE_BOUNDARY = /(?<=[.!?])\s+(?=["'([]?[\p{Lu}\p{N}])/u;
// Numeric reference markers inside a source ("[3]") would point at citations this draft does not have.
const SOURCE_REFERENCE_MARKER = /\s*\[\d+(?:\s*[,–-]\s*\d+)*\]/g;

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

function titleFromQuestion(question: string): string {
  const cleaned = question
    // Control and format characters and lone surrogates have no place in a title.
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return /[\p{L}\p{N}]/u.test(cleaned) ? capitalize(truncate(cleaned, MAX_TITLE_CHARS)) : 'Untitled question';
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/**
 * Related questions from the topics of the sources that best match the query
 * (cited or just below the relevance bar), then the rest of the library.
 */
function suggestedQuestions(index: RetrievalIndex, query: string, question: string): string[] {
  const ranked: Source[] = [];
  const seen = new Set<string>();
  for (const hit of index.bm25.search(query, index.bm25.size)) {
    const source = index.passages.get(hit.id)?.source;
    if (source && !seen.has(source.id)) {
      seen.add(source.id);
      ranked.push(source);
    }
  }
  for (const source of index.sources) if (!seen.has(source.id)) ranked.push(source);

  const normalise = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const asked = normalise(question);
  const suggestions = new Map<string, string>();
  for (const candidate of [
    ...ranked.map((source) => `What should I know about ${lowerFirst(topicOf(source.title))}?`),
    ...FALLBACK_SUGGESTIONS,
  ]) {
    const key = normalise(candidate);
    if (key !== asked && !suggestions.has(key)) suggestions.set(key, candidate);
    if (suggestions.size === MAX_SUGGESTIONS) break;
  }
  return [...suggestions.values()];
}
