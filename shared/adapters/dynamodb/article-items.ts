/**
 * Item layout of the articles table (the public read model):
 *   A#<slug>   LIVE            the live version of an article (absent when retracted)
 *   A#<slug>   V#<nnnn>        a published version, kept forever (version history)
 *   A#<slug>   EDGE#<to>       a related-question edge
 *   SLUG#<questionId> SLUG     the slug a question's article has, stable across versions
 *   TERM#<term> <slug>         a search posting
 */
export const liveArticleKey = (slug: string) => ({ pk: `A#${slug}`, sk: 'LIVE' });
export const versionSortKey = (version: number) => `V#${String(version).padStart(4, '0')}`;
