/** What the write side needs to know of the public read model. */
export interface ArticleDirectory {
  /**
   * True when a live (published, not retracted) article has this slug. `consistent` reads the newest
   * write (the asker's answer must not call an article that was just published "retracted").
   */
  isPublished(slug: string, options?: { consistent?: boolean }): Promise<boolean>;
}

/** Which question and version a live article is: what reader feedback is recorded against. */
export interface LiveArticleVersions {
  liveVersion(slug: string): Promise<{ questionId: string; version: number } | undefined>;
}
