/**
 * The embedded draft generator: extractive composition over the passages the
 * retrieval step (grounded.ts) found relevant. It only ever repeats library
 * sentences (never invents a claim) and is fully deterministic.
 *
 * Reviewer comments (from request_changes) join the retrieval query, each
 * comment is also retrieved on its own to add a cited "Reviewer feedback
 * addressed" section, and the draft carries the `reviewer_comments_applied`
 * flag so the reviewer knows to look for it.
 */
import { citationFromSource } from '../../domain/citation.ts';
import type { Citation, CitedPassage, Claim, Draft, Section } from '../../domain/draft.ts';
import { type LibraryPassage, type Retrieval, topicOf, truncate } from '../../domain/retrieval.ts';
import type { SourceMetadata } from '../../domain/source.ts';
import type { DraftRequest } from '../../ports/draft-generator.ts';
import type { EvidenceRetriever } from '../../ports/evidence-retriever.ts';
import { type GroundedComposer, GroundedDraftGenerator } from './grounded.ts';
import { lowerFirst, plainLanguage, splitIntoShortSentences } from './plain-language.ts';

/** Versions the composition rules, reported where remote adapters report their prompt version. */
export const LOCAL_COMPOSER_VERSION = 'local-compose-v2';

export const REVIEWER_FEEDBACK_HEADING = 'Reviewer feedback addressed';
export const WHAT_THIS_MEANS_HEADING = 'What this means for you';

const MAX_TOPIC_SECTIONS = 4;
/**
 * Sources ranked at least this share of the best one are too close to call, so each gets a section
 * (chosen on the tuning set by halves, test/eval/tune.ts --by-file: lower cites more sources per draft,
 * and at 0.85 or below related-article precision falls under 0.9, test/unit/related-precision.test.ts).
 */
const CLOSE_RANK_SHARE = 0.9;
const MAX_CLAIMS_PER_SECTION = 3;
const MAX_FEEDBACK_CLAIMS = 5;
const PASSAGES_PER_COMMENT = 2;
const MAX_PATIENT_CLAIMS_PER_SECTION = 4;
const MAX_MEANING_CLAIMS = 3;
/** Suggested questions: only from sources retrieved above the threshold, at most this many. */
export const MAX_SUGGESTIONS = 4;

type Passage = LibraryPassage;

/** The local generator: the retrieval step, then extractive composition. */
export class LocalDraftGenerator extends GroundedDraftGenerator {
  constructor(retriever: EvidenceRetriever) {
    super(retriever, new LocalComposer());
  }
}

export class LocalComposer implements GroundedComposer {
  readonly adapter = 'local';

  /**
   * Picks the passages first (reviewer-requested evidence is reserved before
   * the topic sections take theirs), then numbers citations in reading order.
   */
  async compose(
    request: DraftRequest,
    retrieval: Retrieval,
    retrieve: EvidenceRetriever['retrieve'],
  ): Promise<Draft> {
    const comments = request.reviewerComments.map((comment) => comment.trim()).filter(Boolean);
    const relevant = retrieval.passages;
    const feedbackPassages: Passage[] = [];
    const reserved = new Set<string>();
    for (const comment of comments) {
      for (const passage of (await retrieve(comment)).passages
        .filter((candidate) => !reserved.has(candidate.id))
        .slice(0, PASSAGES_PER_COMMENT)) {
        reserved.add(passage.id);
        feedbackPassages.push(passage);
      }
    }

    // Sections follow the sources' ranking (the best-covering source first), one per section of a
    // source's text (its own headings), so a long guideline gives a structured answer.
    const rank = new Map(retrieval.sources.map(({ source }, index) => [source.id, index]));
    const groups = new Map<string, Passage[]>();
    for (const passage of relevant) {
      if (reserved.has(passage.id)) continue;
      const group = `${passage.source.id}\u0000${passage.section.join('\u0000')}`;
      groups.set(group, [...(groups.get(group) ?? []), passage]);
    }
    const topicGroups = closeSourcesFirst(
      [...groups.values()].sort(
        (a, b) => (rank.get(a[0]?.source.id ?? '') ?? 0) - (rank.get(b[0]?.source.id ?? '') ?? 0),
      ),
      retrieval.sources,
    )
      .slice(0, MAX_TOPIC_SECTIONS)
      .map((passages) => passages.slice(0, MAX_CLAIMS_PER_SECTION).sort((a, b) => a.position - b.position));

    const citations = new CitationNumbers();
    const claims = new ClaimCollector();
    const toClaims = (passages: Passage[]) =>
      passages
        .map((passage) =>
          claims.add(passage.sentence, citations.numberFor(passage.source), passage.passageId),
        )
        .filter((claim): claim is Claim => claim !== undefined);

    const sections: Section[] = [];
    for (const group of topicGroups) {
      const sectionClaims = toClaims(group);
      const first = group[0];
      if (first && sectionClaims.length > 0)
        sections.push({ heading: sectionHeading(first, sections), claims: sectionClaims });
    }
    const feedbackClaims = toClaims(feedbackPassages.slice(0, MAX_FEEDBACK_CLAIMS));
    const feedbackSection =
      feedbackClaims.length > 0 ? { heading: REVIEWER_FEEDBACK_HEADING, claims: feedbackClaims } : undefined;
    if (feedbackSection) sections.push(feedbackSection);

    // The bottom line answers the question itself, not a reviewer's addition, from a claimed passage.
    const claimed = new Set([...topicGroups.flat(), ...feedbackPassages].map((passage) => passage.id));
    const top = relevant.find((passage) => claimed.has(passage.id)) ?? (relevant[0] as Passage);
    const topNumber = citations.numberFor(top.source);
    const patientTop = splitIntoShortSentences(plainLanguage(top.sentence))[0] ?? top.sentence;

    return {
      title: '',
      bottomLine: `${top.sentence} [${topNumber}]`,
      sections,
      citations: citations.list(),
      patient: {
        bottomLine: `${patientTop} [${topNumber}] Ask your doctor, nurse or pharmacist what this means for you.`,
        sections: [
          whatThisMeans(sections.filter((section) => section !== feedbackSection)),
          ...sections.map((section) => patientSection(section, section === feedbackSection)),
        ].slice(0, 10),
      },
      suggestedQuestions: suggestedQuestions(retrieval, request.question),
      generator: { adapter: 'local', model: 'bm25', promptVersion: LOCAL_COMPOSER_VERSION },
      citedPassages: claims.citedPassages(sections),
    };
  }
}

/**
 * The section groups (ranked) with the first section of every source ranked close to the best one
 * ahead of any source's second: when two sources on neighbouring topics rank almost alike (flu vaccine
 * safety or eligibility; sinusitis antibiotics or its usual course) the decision cannot tell which one
 * the question is about, and the first one's further sections would crowd out the other. The draft
 * cites both; a reviewer drops the one that does not fit. A source ranked well below the best keeps
 * its place after the best one's sections, as before.
 */
function closeSourcesFirst(groups: Passage[][], sources: Retrieval['sources']): Passage[][] {
  const best = sources[0]?.rank ?? 0;
  const close = new Set(
    sources.filter(({ rank }) => rank >= CLOSE_RANK_SHARE * best).map(({ source }) => source.id),
  );
  const seen = new Set<string>();
  const leading = groups.filter((group) => {
    const id = group[0]?.source.id ?? '';
    if (seen.has(id) || !close.has(id)) return false;
    seen.add(id);
    return true;
  });
  return [...leading, ...groups.filter((group) => !leading.includes(group))];
}

/**
 * The patient version's own opening section: the first claim of each topic,
 * in plain words and short sentences, with the same citations. No new facts.
 */
function whatThisMeans(sections: Section[]): Section {
  const claims = sections
    .map((section) => section.claims[0])
    .filter((claim): claim is Claim => claim !== undefined)
    .slice(0, MAX_MEANING_CLAIMS)
    .map((claim) => ({
      text: splitIntoShortSentences(plainLanguage(claim.text)).join(' '),
      citations: [...claim.citations],
    }));
  return { heading: WHAT_THIS_MEANS_HEADING, claims };
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

/** A section's own heading when its source has one (prefixed by the topic if another source used it), else the topic. */
function sectionHeading(passage: Passage, earlier: readonly Section[]): string {
  const topic = topicOf(passage.source.title);
  const own = passage.section.at(-1);
  if (!own) return topic;
  const heading = earlier.some((section) => section.heading === own) ? `${topic}: ${own}` : own;
  return truncate(heading, 200);
}

/** Numbers each cited source once, 1..k in order of first citation. */
class CitationNumbers {
  private readonly numbers = new Map<string, Citation>();

  numberFor(source: SourceMetadata): number {
    const existing = this.numbers.get(source.id);
    if (existing) return existing.n;
    const n = this.numbers.size + 1;
    this.numbers.set(source.id, citationFromSource(n, source));
    return n;
  }

  list(): Citation[] {
    return [...this.numbers.values()];
  }
}

/** Turns sentences into claims, merging the citations of a sentence found in several sources. */
class ClaimCollector {
  private readonly byText = new Map<string, Claim>();
  private readonly passages = new Map<Claim, Map<number, string>>();

  /** The new claim, or undefined when the sentence was already claimed (its citations then grow). */
  add(sentence: string, citation: number, passageId: string): Claim | undefined {
    const key = sentence
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    const existing = this.byText.get(key);
    if (existing) {
      if (!existing.citations.includes(citation)) existing.citations.push(citation);
      if (!this.passages.get(existing)?.has(citation)) this.passages.get(existing)?.set(citation, passageId);
      return undefined;
    }
    const claim = { text: sentence, citations: [citation] };
    this.byText.set(key, claim);
    this.passages.set(claim, new Map([[citation, passageId]]));
    return claim;
  }

  /** Where each claim of `sections` came from, per citation. */
  citedPassages(sections: readonly Section[]): CitedPassage[] {
    return sections.flatMap((section, i) =>
      section.claims.flatMap((claim, j) =>
        [...(this.passages.get(claim) ?? [])].map(([n, passage]) => ({
          at: `sections.${i}.claims.${j}`,
          n,
          passage,
        })),
      ),
    );
  }
}

/**
 * Related questions from the sources retrieved above the threshold for this
 * question only (never the rest of the library), phrased as a reader would
 * ask, at most four.
 */
function suggestedQuestions(retrieval: Retrieval, question: string): string[] {
  const normalise = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const asked = normalise(question);
  const suggestions = new Map<string, string>();
  for (const { source } of retrieval.sources) {
    const candidate = `What should I know about ${lowerFirst(topicOf(source.title))}?`;
    const key = normalise(candidate);
    if (key !== asked && !suggestions.has(key)) suggestions.set(key, candidate);
    if (suggestions.size === MAX_SUGGESTIONS) break;
  }
  return [...suggestions.values()];
}
