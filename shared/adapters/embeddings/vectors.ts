/** What every Embedder adapter checks in a server's answer before a vector reaches an index. */

/**
 * The server answered, in JSON, something that is not the vectors asked for (wrong count, wrong
 * size, not numbers). Permanent: the same request gets the same answer, so the configuration
 * (model, dimensions) is what needs fixing.
 */
export class EmbeddingResponseError extends Error {
  override readonly name = 'EmbeddingResponseError';
  readonly transient = false;
}

/** `value` as a vector of exactly `dimensions` finite numbers; `source` names the server in the error. */
export function parseVector(value: unknown, dimensions: number, source: string): number[] {
  if (!Array.isArray(value)) {
    throw new EmbeddingResponseError(`${source} answered without an embedding array`);
  }
  if (value.length !== dimensions) {
    throw new EmbeddingResponseError(
      `${source} answered a vector of ${value.length} dimensions where ${dimensions} were configured`,
    );
  }
  if (!value.every((component) => typeof component === 'number' && Number.isFinite(component))) {
    throw new EmbeddingResponseError(
      `${source} answered a vector with components that are not finite numbers`,
    );
  }
  return value as number[];
}

/**
 * The vector scaled to length 1, so a dot product is the cosine whichever server made it
 * (llama.cpp, TEI and Ollama normalise by default, vLLM and OpenAI depend on the model). A zero
 * vector, which has no direction, stays zero.
 */
export function l2Normalised(vector: number[]): number[] {
  let sumOfSquares = 0;
  for (const component of vector) sumOfSquares += component * component;
  if (sumOfSquares === 0) return vector;
  const norm = Math.sqrt(sumOfSquares);
  return vector.map((component) => component / norm);
}
