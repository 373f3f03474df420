/** The Embedder port: turns texts into vectors for the vector half of hybrid retrieval. */
import { UpstreamUnavailableError } from './upstream-unavailable.ts';

export type EmbeddingPurpose = 'query' | 'passage';

export interface Embedder {
  /** The model id recorded with an index version: vectors of different models never mix. */
  readonly model: string;
  readonly dimensions: number;
  /**
   * One vector of `dimensions` numbers per text, in order, L2-normalised (so a dot product is the
   * cosine). Rejects with EmbedderUnavailableError when
   * the service cannot be reached or is overloaded (the caller may retry).
   */
  embed(texts: readonly string[], purpose: EmbeddingPurpose): Promise<number[][]>;
}

/**
 * The embedding service could not be reached or is overloaded. Transient: a draft that needs it
 * fails its message, and SQS delivers it again later.
 */
export class EmbedderUnavailableError extends UpstreamUnavailableError {
  override readonly name = 'EmbedderUnavailableError';
}
