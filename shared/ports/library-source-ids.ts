/** The reference library's source ids: what the publish-gate predicate (`supportProblems`) checks citations against. */
export interface LibrarySourceIds {
  /**
   * The ids of the library's sources. May lag a load that was committed a
   * moment ago, but holds every id of `cited` the library has (a reader that
   * caches re-reads the library when one of them is missing).
   */
  sourceIds(cited?: readonly string[]): Promise<ReadonlySet<string>>;
}
