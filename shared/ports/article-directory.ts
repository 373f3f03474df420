/** What the write side needs to know of the public read model. */
export interface ArticleDirectory {
  /** True when a live (published, not retracted) article has this slug. */
  isPublished(slug: string): Promise<boolean>;
}
