/**
 * Drafting's ports (generate-draft), built once per composition root (root.ts): the retrieval step
 * over the committed library and the configured draft generator behind it.
 */
import type { ModelCallBudget } from '../adapters/generators/budgeted-call.ts';
import { createDraftGenerator } from '../adapters/generators/select.ts';
import { clinicalVocabulary, englishCount } from '../domain/clinical-language.ts';
import { evidenceRetriever } from '../use-cases/retrieve-evidence.ts';
import { embedder, library } from './library.ts';
import { type CompositionRoot, once } from './root.ts';
import { catalog } from './tables.ts';

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
