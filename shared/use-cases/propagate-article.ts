import {
  type ArticleLinks,
  type LinkedArticle,
  offerFollowUp,
  offerSimilar,
  retitled,
  type SimilarLink,
  withoutArticle,
  withoutUnmirrored,
} from '../domain/article-links.ts';
import type { ArticleWriter, LiveArticle } from '../ports/article-writer.ts';
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
  /** Gone: every link to them goes. */
  const drop = new Set<string>();
  /** Similar neighbours that refused it: the similar link goes. */
  const refused = new Set<string>();
  /** The articles it lists as they are now: its own links take their current titles. */
  const current = new Map<string, LinkedArticle>();
  const see = (other: LiveArticle) =>
    current.set(other.slug, { slug: other.slug, id: other.id, title: other.title });
  let touched = 0;

  for (const neighbour of article.links.similar) {
    let accepted = false;
    let evicted: SimilarLink | undefined;
    let after: ArticleLinks | undefined;
    const outcome = await deps.articles.relink(
      neighbour.slug,
      (other) => {
        see(other);
        if (derivedSince(other, article)) {
          // Its version chose its neighbours with this one live: its choice (and weight) stands.
          accepted = other.links.similar.some((link) => link.slug === article.slug);
          evicted = undefined;
          after = other.links;
          return retitled(other.links, self);
        }
        const offer = offerSimilar(other.links, { ...self, weight: neighbour.weight });
        accepted = offer.accepted;
        evicted = offer.evicted;
        after = offer.links;
        return retitled(offer.links, self);
      },
      { whileLive },
    );
    if (outcome === 'not-live') return { kind: 'skipped', reason: 'retracted or republished meanwhile' };
    touched++;
    if (outcome === 'absent') drop.add(neighbour.slug);
    else if (!accepted) refused.add(neighbour.slug);
    const lost = evicted as SimilarLink | undefined;
    const neighbourLinks = after as ArticleLinks | undefined;
    if (outcome === 'updated' && lost && neighbourLinks) {
      // Only the similar link goes: the two may still be parent and follow-up.
      await deps.articles.relink(lost.slug, (other) =>
        withoutUnmirrored(other.links, lost.slug, { slug: neighbour.slug, links: neighbourLinks }),
      );
      touched++;
    }
  }

  const { parent } = article.links;
  if (parent) {
    const outcome = await deps.articles.relink(
      parent.slug,
      (other) => {
        see(other);
        return retitled(offerFollowUp(other.links, self).links, self);
      },
      { whileLive },
    );
    if (outcome === 'not-live') return { kind: 'skipped', reason: 'retracted or republished meanwhile' };
    if (outcome === 'absent') drop.add(parent.slug);
    touched++;
  }

  for (const child of article.links.followUps) {
    const outcome = await deps.articles.relink(child.slug, (other) => {
      see(other);
      return retitled(other.links, self);
    });
    if (outcome === 'absent') drop.add(child.slug);
    touched++;
  }

  for (const slug of article.unlinks ?? []) {
    // What this version does not hold back goes; a link a later offer made mutual again stays.
    await deps.articles.relink(
      slug,
      (other) => retitled(withoutUnmirrored(other.links, other.slug, article), self),
      {
        whileLive,
      },
    );
    touched++;
  }

  const own = await deps.articles.relink(article.slug, (item) => {
    const kept = [...drop].reduce((links, slug) => withoutArticle(links, slug), item.links);
    const links = { ...kept, similar: kept.similar.filter((link) => !refused.has(link.slug)) };
    return [...current.values()].reduce(retitled, links);
  });
  if (own === 'updated') touched++;
  return { kind: 'propagated', touched };
};

/** Whether `other`'s live version was published after `article`'s, so was derived with it live. */
const derivedSince = (other: LiveArticle, article: LiveArticle): boolean =>
  other.lastUpdated > article.lastUpdated;

/** The CDN paths of an article: the article in both audiences, its versions and its graph. */
export const articlePaths = (slug: string): string[] => [`/v1/articles/${slug}`, `/v1/articles/${slug}/*`];

/** Tries of a retraction's clean-up while the article it finds live again keeps changing. */
const RETRACTION_ATTEMPTS = 3;

/**
 * After `article.retracted`: every article that listed it (noted on its
 * retracted version) drops the link, and the CDN forgets its cached copies.
 * Idempotent. A retracted article thus leaves every `related` list within
 * one delivery of the event (seconds), its own paths at once in the API and
 * in the CDN once the invalidation completes.
 *
 * Republished before the event arrived: those articles keep only the links
 * the new version mirrors (its own publication event links the rest back),
 * so none keeps a one-way link to it. Conditional on that version staying
 * live; re-read and redone when it changes meanwhile.
 */
export const propagateRetraction = async (
  deps: PropagateDeps,
  input: { slug: string; eventId: string },
): Promise<PropagationOutcome> => {
  const listedBy = await deps.articles.retractedLinks(input.slug);
  for (let attempt = 1; ; attempt++) {
    const again = await deps.articles.getLive(input.slug);
    if (!(await dropLinksTo(deps, input.slug, listedBy, again))) break;
    if (attempt >= RETRACTION_ATTEMPTS) {
      throw new Error(`${input.slug} kept changing while its retraction was cleaned up; retrying later`);
    }
  }
  if (deps.cdn) {
    const paths = [input.slug, ...listedBy].flatMap(articlePaths);
    // The event id as caller reference: a redelivery repeats the same invalidation, not a second one.
    await deps.cdn.invalidate(paths, input.eventId);
  }
  return { kind: 'propagated', touched: listedBy.length };
};

/** Drops the links to `slug` from `listedBy` (all of them, or the unmirrored ones while `again` is live); true when `again` changed meanwhile. */
const dropLinksTo = async (
  deps: PropagateDeps,
  slug: string,
  listedBy: string[],
  again: LiveArticle | undefined,
): Promise<boolean> => {
  for (const other of listedBy) {
    const outcome = again
      ? await deps.articles.relink(other, (item) => withoutUnmirrored(item.links, item.slug, again), {
          whileLive: { slug, version: again.version },
        })
      : await deps.articles.relink(other, (item) => withoutArticle(item.links, slug));
    if (outcome === 'not-live') return true;
  }
  return false;
};
