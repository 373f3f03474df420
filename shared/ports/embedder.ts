/** The Embedder port: turns texts into vectors for the vector half of hybrid retrieval. */
export type EmbeddingPurpose = 'query' | 'passage';

export interface Embedder {
  /** The model id recorded with an index version: vectors of different models never mix. */
  readonly model: string;
  readonly dimensions: number;
  /**
   * One vector per text, in order. Rejects with EmbedderUnavailableError when
   * the service cannot be reached or is overloaded (the caller may retry).
   */
  embed(texts: readonly string[], purpose: EmbeddingPurpose): Promise<number[][]>;
}

export class EmbedderUnavailableError extends Error {
  override readonly name = 'EmbedderUnavailableError';
  readonly transient = true;
}
