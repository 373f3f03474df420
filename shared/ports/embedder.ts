/** The Embedder port: turns texts into vectors for the vector half of hybrid retrieval. */
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
 * The embedding service could not be reached or is overloaded (throttling, 5xx, network,
 * timeout). Transient: retry later, or answer from BM25 alone meanwhile.
 */
export class EmbedderUnavailableError extends Error {
  override readonly name = 'EmbedderUnavailableError';
  readonly transient = true;
  /** Seconds the service asked us to wait, when it said so (Retry-After). */
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
