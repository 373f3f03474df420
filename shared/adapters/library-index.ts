/**
 * The library's search index as the functions use it, built once per
 * container from configuration: where the LanceDB versions live, a reader
 * of the committed version and a builder of new ones (the loader only).
 */
import type { Config } from '../config.ts';
import type { Embedder } from '../ports/embedder.ts';
import type { LibraryCatalog } from '../ports/library-catalog.ts';
import type { BuildLibraryIndex, Passage, RetireIndexVersion, SourceIndex } from '../ports/source-index.ts';
import { currentSourceIndex } from './current-source-index.ts';
import { createEmbedder } from './embeddings/select.ts';
import { discardIndexVersion, LanceIndexReader, LanceSourceIndexBuilder } from './lancedb/index.ts';
import type { LanceIndexLocation } from './lancedb/location.ts';

/** Where the index versions are: the configuration's location, as the LanceDB adapter takes it. */
export const indexLocation = (config: Config): LanceIndexLocation => config.libraryIndex;

/** The committed library's index, looked up per call (see current-source-index.ts). */
export function committedSourceIndex(config: Config, catalog: LibraryCatalog): () => Promise<SourceIndex> {
  return currentSourceIndex(catalog, new LanceIndexReader(indexLocation(config)));
}

/** Builds a load's index version, embedding its passages when an embedding model is configured. */
export function lanceIndexBuild(location: LanceIndexLocation, embedder?: Embedder): BuildLibraryIndex {
  const builder = new LanceSourceIndexBuilder(location);
  return async (build) =>
    builder.build({
      ...build,
      ...(embedder
        ? {
            embed: (passages: readonly Passage[]) =>
              embedder.embed(
                passages.map((passage) => passage.text),
                'passage',
              ),
          }
        : {}),
    });
}

/** Drops an index version no pointer names any more (see commitLibraryLoad). */
export function lanceIndexRetire(location: LanceIndexLocation): RetireIndexVersion {
  return (version) => discardIndexVersion(location, version);
}

/** The configured Embedder, if any (hybrid retrieval); built once per container. */
export function configuredEmbedder(config: Config): Embedder | undefined {
  const e = config.embeddings;
  return createEmbedder({
    EMBEDDINGS: e.adapter,
    EMBEDDINGS_MODEL: e.model,
    EMBEDDINGS_DIMENSIONS: e.dimensions,
    EMBEDDINGS_REQUEST_DIMENSIONS: String(e.requestDimensions),
    EMBEDDINGS_BASE_URL: e.baseUrl,
    EMBEDDINGS_API_KEY: e.apiKey,
    EMBEDDINGS_QUERY_PREFIX: e.queryPrefix,
    EMBEDDINGS_PASSAGE_PREFIX: e.passagePrefix,
    BEDROCK_REGION: config.generator.bedrockRegion,
    BEDROCK_ENDPOINT: config.generator.bedrockEndpoint,
  });
}
