/** The DraftGenerator port: how the generate-draft worker asks for a draft, whatever produces it. */
import type { Draft } from '../domain/draft.ts';
import type { FieldError } from '../domain/errors.ts';
import type { Audience } from '../domain/question.ts';
import type { SourceMetadata } from '../domain/source.ts';
import { UpstreamUnavailableError } from './upstream-unavailable.ts';

export interface DraftRequest {
  questionId: string;
  question: string;
  audience: Audience;
  /** The revision being generated (1 for the first draft). */
  revision: number;
  /** Reasons given with request_changes on earlier revisions; empty for a first draft. */
  reviewerComments: string[];
  /**
   * Library sources the draft is offered as evidence whether or not retrieval ranks them: on the
   * re-review of a superseded source, its successor.
   */
  offeredSources?: string[];
  /**
   * The library passages the retrieval step found for the question, numbered
   * from 1: a model-backed generator may cite these and nothing else.
   */
  sources?: GroundingSource[];
}

/** One retrieved library source as a model sees it, with the metadata its citation shows. */
export interface GroundingSource extends Omit<SourceMetadata, 'id'> {
  n: number;
  sourceId: string;
  /** The retrieved sentences of the source, best first. */
  passages: string[];
}

export interface DraftGenerator {
  /**
   * Resolves with a schema- and integrity-valid draft. Rejects with
   * GeneratorUnavailableError (retry later) or GeneratorOutputError (give up).
   */
  generate(request: DraftRequest): Promise<Draft>;
}

/**
 * The generator could not be reached or is overloaded (throttling, 5xx,
 * network, timeout). Transient: the worker fails the message and lets SQS retry.
 */
export class GeneratorUnavailableError extends UpstreamUnavailableError {
  override readonly name = 'GeneratorUnavailableError';
}

/**
 * The model's output stayed invalid after the repair round. Permanent:
 * retrying the same request would burn tokens for the same result.
 */
export class GeneratorOutputError extends Error {
  override readonly name = 'GeneratorOutputError';
  readonly transient = false;

  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}
