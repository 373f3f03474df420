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
import type { ArticleLinkUpdates, RelinkOutcome } from '../ports/article-link-updates.ts';
import type { CdnInvalidator } from '../ports/cdn.ts';
import type { LiveArticle } from '../ports/live-articles.ts';

export interface PropagateDeps {
  links: ArticleLinkUpdates;
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
 * Every write is conditional (optimistic on the item's links revision).
 * An offer lands only while the article is live at this version with the
 * links it was read with (re-read and redone otherwise); a neighbour
 * published since keeps its own choice (it was derived with this version
 * live); every removal (evictions, unlinks, refusals, articles gone) is
 * re-derived from the other end as it is now, conditional on that end not
 * changing meanwhile. So whatever the order, repetition and interleaving of
 * events, similar links end up mirrored, follow-ups listed at both ends,
 * titles current and no link to an article that is not live
 * (test/unit/propagation-convergence.test.ts). Touches at most
 * 2k + 2 + follow-ups + 2 × (unlinks + refusals) items, plus one per
 * article retitled since this version was derived.
 */
export const propagatePublication = async (
  deps: PropagateDeps,
  input: { slug: string },
): Promise<PropagationOutcome> => {
  const article = await deps.links.getLive(input.slug);
  // Retracted since: the retraction's own event cleans up.
  if (!article) return { kind: 'skipped', reason: 'not live' };
  const self: LinkedArticle = { slug: article.slug, id: article.id, title: article.title };
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
    const outcome = await offerTo(deps, article, neighbour.slug, (current) => {
      const weight = current.links.similar.find((link) => link.slug === neighbour.slug)?.weight;
      if (weight === undefined) return undefined;
      return (other) => {
        see(other);
        if (derivedSince(other, article)) {
          // Its version chose its neighbours with this one live: its choice (and weight) stands.
          accepted = other.links.similar.some((link) => link.slug === article.slug);
          evicted = undefined;
          return retitled(other.links, self);
        }
        const offer = offerSimilar(other.links, { ...self, weight });
        accepted = offer.accepted;
        evicted = offer.evicted;
        return retitled(offer.links, self);
      };
    });
    if (outcome === 'withdrawn') continue;
    if (outcome === 'not-live') return { kind: 'skipped', reason: 'retracted or republished meanwhile' };
    touched++;
    if (outcome === 'absent') drop.add(neighbour.slug);
    else if (!accepted) refused.add(neighbour.slug);
    const lost = evicted as SimilarLink | undefined;
    if (outcome === 'updated' && lost) {
      // Only the similar link goes: the two may still be parent and follow-up.
      await settleWith(deps, lost.slug, neighbour.slug);
      touched++;
    }
  }

  const { parent } = article.links;
  if (parent) {
    const outcome = await offerTo(deps, article, parent.slug, (current) =>
      current.links.parent?.slug === parent.slug
        ? (other) => {
            see(other);
            return retitled(offerFollowUp(other.links, self).links, self);
          }
        : undefined,
    );
    if (outcome === 'withdrawn') drop.add(parent.slug);
    if (outcome === 'not-live') return { kind: 'skipped', reason: 'retracted or republished meanwhile' };
    if (outcome === 'absent') drop.add(parent.slug);
    touched++;
  }

  for (const child of article.links.followUps) {
    const outcome = await deps.links.relink(child.slug, (other) => {
      see(other);
      return retitled(other.links, self);
    });
    if (outcome === 'absent') drop.add(child.slug);
    touched++;
  }

  for (const slug of [...(article.unlinks ?? []), ...refused]) {
    // What this version (or a refusing neighbour) does not hold back goes; a link made mutual again stays.
    await settleWith(deps, slug, article.slug);
    await settleWith(deps, article.slug, slug);
    touched += 2;
  }

  for (const slug of drop) {
    // Gone when offered, or no longer its parent: re-read, since it may be back (republished) already.
    await settleWith(deps, article.slug, slug);
    touched++;
  }
  // Retitled since this version was derived: re-derived from the other end as it is now, so a
  // title read here never overwrites a newer one written meanwhile.
  const listed = [
    ...article.links.similar,
    ...article.links.followUps,
    ...(article.links.parent ? [article.links.parent] : []),
  ];
  for (const link of listed) {
    const seen = current.get(link.slug);
    if (!seen || seen.title === link.title || drop.has(link.slug)) continue;
    await settleWith(deps, article.slug, link.slug);
    touched++;
  }
  return { kind: 'propagated', touched };
};

/** Whether `other`'s live version was published after `article`'s, so was derived with it live. */
const derivedSince = (other: LiveArticle, article: LiveArticle): boolean =>
  other.lastUpdated > article.lastUpdated;

/** The CDN paths of an article: the article in both audiences, its versions and its graph. */
export const articlePaths = (slug: string): string[] => [`/v1/articles/${slug}`, `/v1/articles/${slug}/*`];

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
  const listedBy = await deps.links.retractedLinks(input.slug);
  for (const slug of listedBy) await settleWith(deps, slug, input.slug);
  if (deps.cdn) {
    const paths = [input.slug, ...listedBy].flatMap(articlePaths);
    // The event id as caller reference: a redelivery repeats the same invalidation, not a second one.
    await deps.cdn.invalidate(paths, input.eventId);
  }
  return { kind: 'propagated', touched: listedBy.length };
};

/**
 * Writes `offer` of the article on `slug`, conditional on the article's version and links staying
 * as read (re-read and redone when its links change): an offer never lands after the article has
 * dropped the link meanwhile. `withdrawn` when it no longer lists `slug`, `not-live` when it was
 * retracted or republished meanwhile.
 */
const offerTo = async (
  deps: PropagateDeps,
  article: LiveArticle,
  slug: string,
  offer: (current: LiveArticle) => ((other: LiveArticle) => ArticleLinks) | undefined,
): Promise<RelinkOutcome | 'withdrawn'> => {
  let current: LiveArticle | undefined = article;
  for (let attempt = 1; attempt <= SETTLE_ATTEMPTS; attempt++) {
    if (!current || current.version !== article.version) return 'not-live';
    const change = offer(current);
    if (!change) return 'withdrawn';
    const outcome = await deps.links.relink(slug, change, {
      whileLive: { slug: current.slug, version: current.version, linksRev: current.linksRev },
    });
    if (outcome !== 'not-live') return outcome;
    current = await deps.links.getLive(article.slug);
  }
  throw new Error(`The links of ${article.slug} kept changing while ${slug} was offered it; retrying later`);
};

/** Tries of a re-derived link change while the article it depends on keeps changing. */
const SETTLE_ATTEMPTS = 5;

/**
 * Re-derives `slug`'s links to `otherSlug` from the other end as it is now: every link goes when it
 * is not live, else those it does not mirror go and the rest take its current title. Conditional on
 * the other end's version and links staying as read (re-read and redone when they change), so a
 * concurrent offer between the read and the write is never undone.
 */
const settleWith = async (deps: PropagateDeps, slug: string, otherSlug: string): Promise<void> => {
  for (let attempt = 1; attempt <= SETTLE_ATTEMPTS; attempt++) {
    const other = await deps.links.getLive(otherSlug);
    const outcome = other
      ? await deps.links.relink(
          slug,
          (item) =>
            retitled(withoutUnmirrored(item.links, slug, other), {
              slug: other.slug,
              id: other.id,
              title: other.title,
            }),
          { whileLive: { slug: other.slug, version: other.version, linksRev: other.linksRev } },
        )
      : await deps.links.relink(slug, (item) => withoutArticle(item.links, otherSlug));
    if (outcome !== 'not-live') return;
  }
  throw new Error(`The links of ${otherSlug} kept changing while ${slug}'s were re-derived; retrying later`);
};
