/**
 * Item layout of the articles table (the public read model):
 *   A#<slug>      LIVE                     the live version (absent before publication and after retraction);
 *                                          index keys listKey=ARTICLES, listSort=<lastUpdated>#<slug>
 *   A#<slug>      V#<nnnn>                 a published version, kept forever (version history);
 *                                          retractedAt/retractionReason/retractedBy once retracted
 *   A#<slug>      EDGE#<kind>#<to node id> a related-graph edge out of the article (`origin`: the slug
 *                                          whose publication wrote it; a similar pair's halves share it)
 *   SLUG#<slug>   SLUG                     which question owns a slug (stable across versions)
 *   TERM#<term>   A#<slug>                 a search posting; index keys listKey=TERM#<term>,
 *                                          listSort=<weight, 6 decimals>#<slug> (strongest first)
 */
export const LIVE_SORT_KEY = 'LIVE';
export const LIST_PARTITION = 'ARTICLES';

export const articlePartition = (slug: string) => `A#${slug}`;
export const liveArticleKey = (slug: string) => ({ pk: articlePartition(slug), sk: LIVE_SORT_KEY });
export const versionSortKey = (version: number) => `V#${String(version).padStart(4, '0')}`;
export const versionKey = (slug: string, version: number) => ({
  pk: articlePartition(slug),
  sk: versionSortKey(version),
});
export const edgeSortKey = (kind: string, toId: string) => `EDGE#${kind}#${toId}`;
export const edgeKey = (slug: string, kind: string, toId: string) => ({
  pk: articlePartition(slug),
  sk: edgeSortKey(kind, toId),
});
export const slugClaimKey = (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'SLUG' });
export const termPartition = (term: string) => `TERM#${term}`;
export const postingKey = (term: string, slug: string) => ({
  pk: termPartition(term),
  sk: articlePartition(slug),
});
export const listSortOf = (lastUpdated: string, slug: string) => `${lastUpdated}#${slug}`;
export const postingSortOf = (weight: number, slug: string) => `${weight.toFixed(6)}#${slug}`;
