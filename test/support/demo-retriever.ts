/** The local generator over a library held in an in-memory index: the grounding evaluation and unit tests. */

import { LocalDraftGenerator } from '../../shared/adapters/generators/local.ts';
import { InMemorySourceIndexLibrary } from '../../shared/adapters/in-memory-source-index.ts';
import { clinicalVocabulary, englishCount } from '../../shared/domain/clinical-language.ts';
import type { RelevanceOptions } from '../../shared/domain/relevance-options.ts';
import type { Source } from '../../shared/domain/source.ts';
import type { EvidenceRetriever } from '../../shared/ports/evidence-retriever.ts';
import { evidenceRetriever } from '../../shared/use-cases/retrieve-evidence.ts';

export async function inMemoryRetriever(
  sources: readonly Source[],
  options?: RelevanceOptions,
): Promise<EvidenceRetriever> {
  const library = new InMemorySourceIndexLibrary();
  await library.build({ version: 'v1', sources });
  const index = library.open('v1');
  return evidenceRetriever({
    index: async () => index,
    vocabulary: clinicalVocabulary(),
    englishCount,
    ...(options ? { options } : {}),
  });
}

export async function inMemoryLocalGenerator(
  sources: readonly Source[],
  options?: RelevanceOptions,
): Promise<LocalDraftGenerator> {
  return new LocalDraftGenerator(await inMemoryRetriever(sources, options));
}

/** A retriever over `sources` that builds its in-memory index on first use (for synchronous set-up). */
export function libraryRetriever(sources: readonly Source[], options?: RelevanceOptions): EvidenceRetriever {
  let built: Promise<EvidenceRetriever> | undefined;
  const retriever = () => {
    built ??= inMemoryRetriever(sources, options);
    return built;
  };
  return {
    retrieve: async (question, options) => (await retriever()).retrieve(question, options),
    pinned: async () => (await retriever()).pinned(),
  };
}
