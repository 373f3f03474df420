import { citedSourceIds } from '../domain/asker-answer.ts';
import type { DraftContent } from '../domain/draft.ts';
import type { SourceMetadata } from '../domain/source.ts';
import type { SourceWithdrawal } from '../domain/source-withdrawal.ts';
import type { LibraryCatalog } from '../ports/library-catalog.ts';

export type SourceResolver = Pick<LibraryCatalog, 'resolve' | 'resolveWithWithdrawals'>;

/**
 * The library sources a draft cites, by id (ids the library does not hold
 * are absent): the one catalogue read of the publish gate, whatever the
 * library's size.
 */
export const citedLibrarySources = (
  catalog: SourceResolver,
  draft: Pick<DraftContent, 'citations'>,
): Promise<ReadonlyMap<string, SourceMetadata>> => catalog.resolve(citedSourceIds(draft));

/** The ids of the library sources a draft cites: what `supportProblems` checks its citations against. */
export const citedLibrarySourceIds = async (
  catalog: SourceResolver,
  draft: Pick<DraftContent, 'citations'>,
): Promise<ReadonlySet<string>> => new Set((await citedLibrarySources(catalog, draft)).keys());

/**
 * What the publish gate checks a draft against, in the same one catalogue read: the usable library
 * sources it cites, and the withdrawn ones (which it may no longer cite) with their withdrawal.
 */
export const citedLibraryStatus = async (
  catalog: SourceResolver,
  draft: Pick<DraftContent, 'citations'>,
): Promise<{
  sources: ReadonlyMap<string, SourceMetadata>;
  ids: ReadonlySet<string>;
  withdrawn: ReadonlyMap<string, SourceWithdrawal>;
}> => {
  const ids = citedSourceIds(draft);
  const { sources, withdrawn } = catalog.resolveWithWithdrawals
    ? await catalog.resolveWithWithdrawals(ids)
    : { sources: await catalog.resolve(ids), withdrawn: new Map<string, SourceWithdrawal>() };
  return { sources, ids: new Set(sources.keys()), withdrawn };
};
