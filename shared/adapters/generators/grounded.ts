/**
 * The retrieval step in front of every generator. The question (with any
 * reviewer comments) is matched against the reference library; below the
 * relevance threshold the draft says so, is flagged `no_relevant_sources`
 * and no model is called. Above it, the composer (extractive locally, a
 * model remotely) gets the retrieved passages and may cite only them.
 */
import { DRAFT_FLAGS, type Draft, type GeneratorInfo, parseDraft } from '../../domain/draft.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { Retrieval } from '../../domain/retrieval.ts';
import { type DraftGenerator, type DraftRequest, GeneratorOutputError } from '../../ports/draft-generator.ts';
import type { EvidenceRetriever } from '../../ports/evidence-retriever.ts';
import { capitalize } from './plain-language.ts';

/** Reported as the prompt version of a draft no model was asked for. */
export const RETRIEVAL_VERSION = 'retrieval-clinical-concepts-v2';
const MAX_TITLE_CHARS = 150;

export interface GroundedComposer {
  /** The adapter name recorded on drafts, including the ones no model was called for. */
  readonly adapter: string;
  /** `retrieve` finds evidence for other texts (a reviewer's comment); only its sources may be cited too. */
  compose(
    request: DraftRequest,
    retrieval: Retrieval,
    retrieve: EvidenceRetriever['retrieve'],
  ): Promise<Draft>;
}

export class GroundedDraftGenerator implements DraftGenerator {
  constructor(
    private readonly retriever: EvidenceRetriever,
    private readonly composer: GroundedComposer,
  ) {}

  async generate(request: DraftRequest): Promise<Draft> {
    const comments = request.reviewerComments.map((comment) => comment.trim()).filter(Boolean);
    // Relevance is judged on the question alone: a reviewer's comment adds evidence, it cannot make
    // an off-library question answerable (nor push an answerable one below the threshold).
    const retriever = await this.retriever.pinned();
    const retrieval = await retriever.retrieve(
      request.question,
      request.offeredSources ? { offer: request.offeredSources } : undefined,
    );
    const retrieved = new Set(retrieval.sources.map(({ source }) => source.id));
    const passages = new Set(retrieval.passages.map((passage) => passage.passageId));
    const retrieveMore = async (text: string) => {
      const more = await retriever.retrieve(text);
      for (const { source } of more.sources) retrieved.add(source.id);
      for (const passage of more.passages) passages.add(passage.passageId);
      return more;
    };
    const draft = retrieval.relevant
      ? await this.composer.compose(request, retrieval, retrieveMore)
      : noRelevantDraft(request, {
          adapter: this.composer.adapter,
          model: 'none',
          promptVersion: RETRIEVAL_VERSION,
        });
    draft.title = titleFromQuestion(request.question);
    // A claim may name only a passage retrieval handed over, of the source its citation names.
    const sourceOf = new Map(draft.citations.map((citation) => [citation.n, citation.sourceId]));
    if (draft.citedPassages)
      draft.citedPassages = draft.citedPassages.filter(
        ({ n, passage }) => passages.has(passage) && passage.startsWith(`${sourceOf.get(n)}#`),
      );
    draft.relevance = retrieval.terms;
    if (comments.length > 0 && !draft.flags?.includes(DRAFT_FLAGS.reviewerCommentsApplied)) {
      draft.flags = [...(draft.flags ?? []), DRAFT_FLAGS.reviewerCommentsApplied];
    }
    try {
      // A grounded draft may cite only what retrieval handed its composer.
      return parseDraft(draft, retrieved);
    } catch (error) {
      if (error instanceof ValidationError) {
        throw new GeneratorOutputError(
          `The grounded draft failed its checks: ${error.message}`,
          error.errors,
        );
      }
      throw error;
    }
  }
}

/** Says plainly that nothing in the library answers the question: no claims, no suggestions, flagged. */
export function noRelevantDraft(request: DraftRequest, generator: GeneratorInfo): Draft {
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
    generator,
    flags: [DRAFT_FLAGS.noRelevantSources],
  };
}

function titleFromQuestion(question: string): string {
  const cleaned = question
    // Control and format characters and lone surrogates have no place in a title.
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return 'Untitled question';
  const truncated =
    cleaned.length <= MAX_TITLE_CHARS
      ? cleaned
      : `${cleaned
          .slice(0, MAX_TITLE_CHARS - 1)
          .replace(/\s+\S*$/, '')
          .trimEnd()}…`;
  return capitalize(truncated);
}
