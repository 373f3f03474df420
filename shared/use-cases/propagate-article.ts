import {
  type LinkedArticle,
  offerFollowUp,
  offerSimilar,
  retitled,
  type SimilarLink,
  withoutArticle,
} from '../domain/article-links.ts';
import type { ArticleWriter } from '../ports/article-writer.ts';
import type { CdnInvalidator } from '../ports/cdn.ts';

export interface PropagateDeps {
  articles: Pick<ArticleWriter, 'getLive' | 'relink' | 'retractedLinks'>;
  /** Set in AWS when a CDN fronts the API. */
  cdn?: CdnInvalidator;
}

export type PropagationOutcome =
  | { kind: 'propagated'; touched: number }
  | { kind: 'skipped'; reason: string };

/**
 * After `article.published`: the articles a new (or new version of an)
 * article links to link back, with its current title. Each similar
 * neighbour takes it if it has room or it beats the neighbour's weakest
 * link (whose article then drops its link too); the parent lists it among
 * its follow-ups; its follow-ups see its new title; articles its previous
 * version listed and this one does not drop it. Links to articles that are
 * gone, and similar links a neighbour refused, are dropped from the article
 * itself, so similar links end up symmetric.
 *
 * Every write is conditional (optimistic on the item's links revision) and
 * adds the article only while it is live at this version, so redeliveries,
 * reordering and a concurrent retraction leave no link to a retracted
 * article. Touches at most 2k + 2 + follow-ups + pending unlinks items.
 */
export const propagatePublication = async (
  deps: PropagateDeps,
  input: { slug: string },
): Promise<PropagationOutcome> => {
  const article = await deps.articles.getLive(input.slug);
  // Retracted since: the retraction's own event cleans up.
  if (!article) return { kind: 'skipped', reason: 'not live' };
  const self: LinkedArticle = { slug: article.slug, id: article.id, title: article.title };
  const whileLive = { slug: article.slug, version: article.version };
  const drop = new Set<string>();
  let touched = 0;

  for (const neighbour of article.links.similar) {
    let accepted = false;
    let evicted: SimilarLink | undefined;
    const outcome = await deps.articles.relink(
      neighbour.slug,
      (other) => {
        const offer = offerSimilar(other.links, { ...self, weight: neighbour.weight });
        accepted = offer.accepted;
        evicted = offer.evicted;
        return offer.links;
      },
      { whileLive },
    );
    if (outcome === 'not-live') return { kind: 'skipped', reason: 'retracted or republished meanwhile' };
    touched++;
    if (outcome === 'absent' || !accepted) drop.add(neighbour.slug);
    const lost = evicted as SimilarLink | undefined;
    if (outcome === 'updated' && lost) {
      await deps.articles.relink(lost.slug, (other) => withoutArticle(other.links, neighbour.slug));
      touched++;
    }
  }

  const { parent } = article.links;
  if (parent) {
    const outcome = await deps.articles.relink(
      parent.slug,
      (other) => offerFollowUp(other.links, self).links,
      { whileLive },
    );
    if (outcome === 'not-live') return { kind: 'skipped', reason: 'retracted or republished meanwhile' };
    if (outcome === 'absent') drop.add(parent.slug);
    touched++;
  }

  for (const child of article.links.followUps) {
    const outcome = await deps.articles.relink(child.slug, (other) => retitled(other.links, self));
    if (outcome === 'absent') drop.add(child.slug);
    touched++;
  }

  for (const slug of article.unlinks ?? []) {
    await deps.articles.relink(slug, (other) => withoutArticle(other.links, article.slug));
    touched++;
  }

  if (drop.size > 0) {
    await deps.articles.relink(article.slug, (current) =>
      [...drop].reduce((links, slug) => withoutArticle(links, slug), current.links),
    );
    touched++;
  }
  return { kind: 'propagated', touched };
};

/** The CDN paths of an article: the article in both audiences, its versions and its graph. */
export const articlePaths = (slug: string): string[] => [`/v1/articles/${slug}`, `/v1/articles/${slug}/*`];

/**
 * After `article.retracted`: every article that listed it (noted on its
 * retracted version) drops the link, and the CDN forgets its cached copies.
 * Idempotent. A retracted article thus leaves every `related` list within
 * one delivery of the event (seconds), its own paths at once in the API and
 * in the CDN once the invalidation completes.
 */
export const propagateRetraction = async (
  deps: PropagateDeps,
  input: { slug: string; eventId: string },
): Promise<PropagationOutcome> => {
  if (await deps.articles.getLive(input.slug)) {
    // Republished since: its links are the new version's, kept by its own event.
    return { kind: 'skipped', reason: 'live again' };
  }
  const listedBy = await deps.articles.retractedLinks(input.slug);
  for (const slug of listedBy) {
    await deps.articles.relink(slug, (other) => withoutArticle(other.links, input.slug));
  }
  if (deps.cdn) {
    const paths = [input.slug, ...listedBy].flatMap(articlePaths);
    // The event id as caller reference: a redelivery repeats the same invalidation, not a second one.
    await deps.cdn.invalidate(paths, input.eventId);
  }
  return { kind: 'propagated', touched: listedBy.length };
};
