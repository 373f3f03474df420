/**
 * The reference library's search index, built once per composition root
 * (root.ts): the committed version for readers, the embedder, and the
 * loader's building and retiring of versions.
 */

import {
  committedSourceIndex,
  configuredEmbedder,
  indexLocation,
  lanceIndexBuild,
  lanceIndexRetire,
} from '../adapters/library-index.ts';
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
