/**
 * The retrieval step in front of every generator. The question (with any
 * reviewer comments) is matched against the reference library; below the
 * relevance threshold the draft says so, is flagged `no_relevant_sources`
 * and no model is called. Above it, the composer (extractive locally, a
 * model remotely) gets the retrieved passages and may cite only them.
 */
import { createHash } from 'node:crypto';
import { DRAFT_FLAGS, type Draft, type GeneratorInfo, parseDraft } from '../../domain/draft.ts';
import { ValidationError } from '../../domain/errors.ts';
import { LibraryIndex, type Retrieval } from '../../domain/retrieval.ts';
import type { Source } from '../../domain/source.ts';
import {
  type DraftGenerator,
  type DraftRequest,
  GeneratorOutputError,
  type SourceLibrary,
} from '../../ports/draft-generator.ts';
import { capitalize } from './plain-language.ts';

/** Reported as the prompt version of a draft no model was asked for. */
export const RETRIEVAL_VERSION = 'retrieval-idf-coverage-v1';
const MAX_TITLE_CHARS = 150;

export interface GroundedComposer {
  /** The adapter name recorded on drafts, including the ones no model was called for. */
  readonly adapter: string;
  compose(request: DraftRequest, retrieval: Retrieval, index: LibraryIndex): Promise<Draft>;
}

export class GroundedDraftGenerator implements DraftGenerator {
  private cached: { fingerprint: string; index: LibraryIndex } | undefined;
  private builds = 0;

  constructor(
    private readonly library: SourceLibrary,
    private readonly composer: GroundedComposer,
  ) {}

  /** How many times the retrieval index was (re)built; it is rebuilt only when the library changes. */
  get indexBuilds(): number {
    return this.builds;
  }

  async generate(request: DraftRequest): Promise<Draft> {
    const index = await this.index();
    const comments = request.reviewerComments.map((comment) => comment.trim()).filter(Boolean);
    // Relevance is judged on the question alone: a reviewer's comment adds evidence, it cannot make
    // an off-library question answerable (nor push an answerable one below the threshold).
    const retrieval = index.retrieve(request.question);
    const draft = retrieval.relevant
      ? await this.composer.compose(request, retrieval, index)
      : noRelevantDraft(request, {
          adapter: this.composer.adapter,
          model: 'none',
          promptVersion: RETRIEVAL_VERSION,
        });
    draft.title = titleFromQuestion(request.question);
    if (comments.length > 0 && !draft.flags?.includes(DRAFT_FLAGS.reviewerCommentsApplied)) {
      draft.flags = [...(draft.flags ?? []), DRAFT_FLAGS.reviewerCommentsApplied];
    }
    try {
      return parseDraft(draft, index.sourceIds);
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

  private async index(): Promise<LibraryIndex> {
    const sources = await this.library.allSources();
    const fingerprint = fingerprintOf(sources);
    if (this.cached?.fingerprint !== fingerprint) {
      this.cached = { fingerprint, index: new LibraryIndex(sources) };
      this.builds++;
    }
    return this.cached.index;
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
