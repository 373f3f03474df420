import type { ArticleLinks } from '../domain/article-links.ts';
import type { LiveArticle, LiveArticles } from './live-articles.ts';

/** Why a link change was not written. */
export type RelinkOutcome = 'updated' | 'unchanged' | 'absent' | 'not-live';

export interface RelinkOptions {
  /**
   * Write only while this article is live at this version, and, with `linksRev`, its links have not
   * changed since read (checked in the same transaction).
   */
  whileLive?: { slug: string; version: number; linksRev?: number };
}

/** Link maintenance (the propagation worker): the links of live articles, kept converging. */
export interface ArticleLinkUpdates extends Pick<LiveArticles, 'getLive' | 'retractedLinks'> {
  /**
   * Changes a live article's links (and so its ETags) with optimistic
   * concurrency, re-reading and retrying when another change got there first.
   * `change` returns the new links, or undefined to leave them.
   */
  relink(
    slug: string,
    change: (article: LiveArticle) => ArticleLinks | undefined,
    options?: RelinkOptions,
  ): Promise<RelinkOutcome>;
}
