import type { ArticleSummary } from '../../domain/article.ts';

/**
 * Item layout of the articles table (the public read model):
 *   A#<slug>      LIVE                     the live version: both audiences, links (related, follow-ups),
 *                                          ETags, terms (absent before publication and after retraction);
 *                                          index keys listKey=ARTICLES, listSort=<lastUpdated>#<slug>;
 *                                          until its scheduled re-review is opened, reviewDueKey=REVIEW_DUE,
 *                                          reviewDueSort=<nextReviewDue>#<slug> (the sparse byReviewDue index)
 *   A#<slug>      V#<nnnn>                 a published version, kept forever (version history);
 *                                          retractedAt/retractionReason/retractedBy/retractedLinks once retracted;
 *                                          its entry of the updates feed: feedKey=UPDATES,
 *                                          feedSort=<publishedAt>#<slug>#<nnnn>, feedKind, title (sparse byFeed index)
 *   A#<slug>      R#<nnnn>                 the retraction of version <nnnn>: its entry of the updates feed
 *   SLUG#<slug>   SLUG                     which question owns a slug (stable across versions)
 *   TERM#<term>   A#<slug>                 a posting: search weight, similarity weight and the search result's
 *                                          fields; index keys listKey=TERM#<term>,
 *                                          listSort=<weight, 6 decimals>#<slug> (strongest first)
 *   TERM#<term>   DF                       how many live articles have the term in their similarity vector
 *   STATS         CORPUS                   how many articles are live
 *   CITES#<src>   A#<slug>                 the citation index: a version of the article cites library source
 *                                          <src> (written at publication, never scanned; may outlive the
 *                                          citation, so a reader checks the live article's sourceIds)
 */
export const LIVE_SORT_KEY = 'LIVE';
export const LIST_PARTITION = 'ARTICLES';
/**
 * One partition of the byReviewDue index holds every article not yet re-reviewed: it takes a write per
 * publication and per opened re-review, far below what an index partition takes (1,000 writes/s).
 */
export const REVIEW_DUE_PARTITION = 'REVIEW_DUE';
export const reviewDueSortOf = (nextReviewDue: string, slug: string) => `${nextReviewDue}#${slug}`;

/**
 * One partition of the byFeed index holds the whole updates feed, so a page (and `since`, a key
 * condition) is one Query over one sorted range. It takes one write per publication or retraction,
 * far below an index partition's 1,000 writes/s; a per-month partition would make a page that spans
 * months (or a `since` months back) several Queries.
 */
export const FEED_PARTITION = 'UPDATES';
export const feedSortOf = (at: string, slug: string, version: number) =>
  `${at}#${slug}#${String(version).padStart(4, '0')}`;
export const retractionMarkKey = (slug: string, version: number) => ({
  pk: articlePartition(slug),
  sk: `R#${String(version).padStart(4, '0')}`,
});

export const articlePartition = (slug: string) => `A#${slug}`;
export const liveArticleKey = (slug: string) => ({ pk: articlePartition(slug), sk: LIVE_SORT_KEY });
export const versionSortKey = (version: number) => `V#${String(version).padStart(4, '0')}`;
export const versionKey = (slug: string, version: number) => ({
  pk: articlePartition(slug),
  sk: versionSortKey(version),
});
export const slugClaimKey = (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'SLUG' });
export const termPartition = (term: string) => `TERM#${term}`;
export const postingKey = (term: string, slug: string) => ({
  pk: termPartition(term),
  sk: articlePartition(slug),
});
export const documentFrequencyKey = (term: string) => ({ pk: termPartition(term), sk: 'DF' });
export const citesPartition = (sourceId: string) => `CITES#${sourceId}`;
export const citationKey = (sourceId: string, slug: string) => ({
  pk: citesPartition(sourceId),
  sk: articlePartition(slug),
});
export const corpusKey = { pk: 'STATS', sk: 'CORPUS' } as const;
export const listSortOf = (lastUpdated: string, slug: string) => `${lastUpdated}#${slug}`;
export const postingSortOf = (weight: number, slug: string) => `${weight.toFixed(6)}#${slug}`;

/** The index listing live articles (listKey/listSort) and the search postings. */
export const BY_UPDATE_INDEX = 'byUpdate';

/** A projection over attribute names, each behind a placeholder (several are reserved words). */
export const projection = (fields: readonly string[]) => ({
  ProjectionExpression: fields.map((_, i) => `#p${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(fields.map((field, i) => [`#p${i}`, field])),
});

/** A list entry from a stored item (a live article, or a posting in the topic index). */
export const toArticleSummary = (item: Record<string, unknown>): ArticleSummary => ({
  slug: item.slug as string,
  id: item.id as string,
  title: item.title as string,
  question: item.question as string,
  bottomLine: item.bottomLine as string,
  version: item.version as number,
  publishedAt: item.publishedAt as string,
  lastUpdated: item.lastUpdated as string,
});
