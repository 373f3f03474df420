/**
 * The reference library's ports, built once per composition root (root.ts):
 * the committed search index, the embedder, the retrieval step and the draft
 * generator behind it.
 */

import type { ModelCallBudget } from '../adapters/generators/budgeted-call.ts';
import { createDraftGenerator } from '../adapters/generators/select.ts';
import {
  committedSourceIndex,
  configuredEmbedder,
  indexLocation,
  lanceIndexBuild,
  lanceIndexRetire,
} from '../adapters/library-index.ts';
import { clinicalVocabulary, englishCount } from '../domain/clinical-language.ts';
import { evidenceRetriever } from '../use-cases/retrieve-evidence.ts';
import { type CompositionRoot, once } from './root.ts';
import { catalog } from './tables.ts';

/** The committed version of the library's search index, looked up per call. */
export function library(root: CompositionRoot<'dynamo'>) {
  return once(root, 'library', () => committedSourceIndex(root.platform.config, catalog(root)));
}

/** The configured embedding model, if any (hybrid retrieval). */
export function embedder(root: CompositionRoot<never>) {
  return once(root, 'embedder', () => configuredEmbedder(root.platform.config));
}

/** Builds a load's index version (the loader only), embedding its passages when a model is configured. */
export function indexBuilder(root: CompositionRoot<never>) {
  return once(root, 'indexBuilder', () =>
    lanceIndexBuild(indexLocation(root.platform.config), embedder(root)),
  );
}

/** Drops an index version no pointer names any more (the loader only). */
export function indexRetirement(root: CompositionRoot<never>) {
  return once(root, 'indexRetirement', () => lanceIndexRetire(indexLocation(root.platform.config)));
}

/** Evidence for a question from the committed library, without the sources withdrawn since. */
export function retriever(root: CompositionRoot<'dynamo'>) {
  return once(root, 'retriever', () =>
    evidenceRetriever({
      index: library(root),
      vocabulary: clinicalVocabulary(),
      englishCount,
      embedder: embedder(root),
      withdrawn: async (ids) => new Set((await catalog(root).resolveWithWithdrawals(ids)).withdrawn.keys()),
    }),
  );
}

/** The configured draft generator on the retrieval step; `budget` meters its remote-model calls. */
export function draftGenerator(root: CompositionRoot<'dynamo'>, budget: ModelCallBudget | undefined) {
  return once(root, 'draftGenerator', () =>
    createDraftGenerator(root.platform.config.generator, retriever(root), { budget }),
  );
}
