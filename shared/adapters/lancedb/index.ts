/**
 * The LanceDB source index: the only code that knows the engine. Importing
 * this loads neither LanceDB nor Arrow; the first build or open does.
 */
export { type LanceBuilderOptions, LanceSourceIndexBuilder } from './builder.ts';
export { discardIndexVersion } from './discard.ts';
export type { LanceIndexLocation, S3Settings } from './location.ts';
export { LanceIndexReader, LanceSourceIndex } from './reader.ts';
