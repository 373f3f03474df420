/**
 * The links an article carries on its live item, pure: its `similar`
 * neighbours, the article it follows up, and its follow-ups. They are stored
 * with the article so a read is one item, and kept true by events: when an
 * article is published, retracted or retitled, the items that list it (and
 * only those) are updated.
 *
 * Similar links are symmetric (A lists B exactly when B lists A, once the
 * propagation of A's publication has run) and capped at k per article: a
 * newcomer takes a full neighbour's weakest slot only if it is stronger, and
 * the evicted article drops the link too. So a publication touches at most
 * 2k + 2 items (k neighbours, k evicted, the parent, itself) and a retraction
 * or retitle at most k + 1 + MAX_FOLLOW_UPS, whatever the size of the corpus.
 */

/** Similar articles kept per article (both directions). */
export const SIMILAR_TOP_K = 5;
/** Follow-ups listed on a parent; later ones still link to the parent. */
export const MAX_FOLLOW_UPS = 10;
/** How many related articles an article lists. */
export const RELATED_LINKS = 5;

export interface LinkedArticle {
  slug: string;
  id: string;
  title: string;
}

export interface SimilarLink extends LinkedArticle {
  /** Cosine similarity, 0..1. */
  weight: number;
}

export interface ArticleLinks {
  /** Strongest first, at most SIMILAR_TOP_K. */
  similar: SimilarLink[];
  /** The article this one follows up. */
  parent?: LinkedArticle;
  /** Articles following this one up, oldest first, at most MAX_FOLLOW_UPS. */
  followUps: LinkedArticle[];
}

export const noLinks = (): ArticleLinks => ({ similar: [], followUps: [] });

const bySimilarity = (a: SimilarLink, b: SimilarLink) =>
  b.weight - a.weight || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

/** Whether `candidate` ranks above `other` in a similar list. */
const outranks = (candidate: SimilarLink, other: SimilarLink) => bySimilarity(candidate, other) < 0;

export interface Offer {
  links: ArticleLinks;
  accepted: boolean;
  /** The neighbour that lost its slot to the newcomer; it must drop its link back. */
  evicted?: SimilarLink;
}

/**
 * Offers `candidate` as a similar neighbour: refreshed if already listed,
 * added while there is room, or put in place of the weakest neighbour when
 * it is stronger. Not accepted otherwise.
 */
export function offerSimilar(links: ArticleLinks, candidate: SimilarLink, k = SIMILAR_TOP_K): Offer {
  const others = links.similar.filter((link) => link.slug !== candidate.slug);
  if (others.length < links.similar.length || others.length < k) {
    return {
      links: { ...links, similar: [...others, candidate].sort(bySimilarity).slice(0, k) },
      accepted: true,
    };
  }
  const weakest = others.at(-1);
  if (!weakest || !outranks(candidate, weakest)) return { links, accepted: false };
  return {
    links: { ...links, similar: [...others.slice(0, -1), candidate].sort(bySimilarity) },
    accepted: true,
    evicted: weakest,
  };
}

/** Lists `child` among the follow-ups (title refreshed if listed); not accepted when the list is full. */
export function offerFollowUp(
  links: ArticleLinks,
  child: LinkedArticle,
  max = MAX_FOLLOW_UPS,
): { links: ArticleLinks; accepted: boolean } {
  const index = links.followUps.findIndex((link) => link.slug === child.slug);
  if (index >= 0) {
    const followUps = [...links.followUps];
    followUps[index] = child;
    return { links: { ...links, followUps }, accepted: true };
  }
  if (links.followUps.length >= max) return { links, accepted: false };
  return { links: { ...links, followUps: [...links.followUps, child] }, accepted: true };
}

/** The links without any to `slug` (retracted, or no longer a neighbour). */
export function withoutArticle(links: ArticleLinks, slug: string): ArticleLinks {
  return {
    similar: links.similar.filter((link) => link.slug !== slug),
    ...(links.parent && links.parent.slug !== slug ? { parent: links.parent } : {}),
    followUps: links.followUps.filter((link) => link.slug !== slug),
  };
}

/**
 * The links of article `self` without those to `other` that `other` does not mirror: a similar link
 * stays while `other` lists `self` as similar, a parent while it lists `self` among its follow-ups
 * (or its list is full), a follow-up while it names `self` as its parent. What a retraction that
 * finds the article live again, and the unlinks of a new version, leave behind: one-way links go,
 * links the other end holds too stay.
 */
export function withoutUnmirrored(
  links: ArticleLinks,
  self: string,
  other: { slug: string; links: ArticleLinks },
): ArticleLinks {
  const listsSelf = (list: LinkedArticle[]) => list.some((link) => link.slug === self);
  const keepSimilar = listsSelf(other.links.similar);
  const keepParent = listsSelf(other.links.followUps) || other.links.followUps.length >= MAX_FOLLOW_UPS;
  const keepFollowUp = other.links.parent?.slug === self;
  return {
    similar: keepSimilar ? links.similar : links.similar.filter((link) => link.slug !== other.slug),
    ...(links.parent && (links.parent.slug !== other.slug || keepParent) ? { parent: links.parent } : {}),
    followUps: keepFollowUp ? links.followUps : links.followUps.filter((link) => link.slug !== other.slug),
  };
}

/** The links with `article`'s current title wherever it is listed. */
export function retitled(links: ArticleLinks, article: LinkedArticle): ArticleLinks {
  const fresh = <T extends LinkedArticle>(link: T): T =>
    link.slug === article.slug ? { ...link, id: article.id, title: article.title } : link;
  return {
    similar: links.similar.map(fresh),
    ...(links.parent ? { parent: fresh(links.parent) } : {}),
    followUps: links.followUps.map(fresh),
  };
}

/** Every article these links name: exactly the items that list the article back. */
export function linkedSlugs(links: ArticleLinks): string[] {
  const slugs = [
    ...links.similar.map((link) => link.slug),
    ...(links.parent ? [links.parent.slug] : []),
    ...links.followUps.map((link) => link.slug),
  ];
  return [...new Set(slugs)];
}

/** Whether the links name `slug` at all. */
export const lists = (links: ArticleLinks, slug: string): boolean => linkedSlugs(links).includes(slug);

export function sameLinks(a: ArticleLinks, b: ArticleLinks): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `related` of the public article: the parent first, then the strongest similar articles. */
export function relatedLinksOf(links: ArticleLinks): { slug: string; title: string }[] {
  const related = [...(links.parent ? [links.parent] : []), ...links.similar];
  const seen = new Set<string>();
  const out: { slug: string; title: string }[] = [];
  for (const { slug, title } of related) {
    if (seen.has(slug)) continue;
    seen.add(slug);
    out.push({ slug, title });
    if (out.length >= RELATED_LINKS) break;
  }
  return out;
}

/** `followUps` of the public article. */
export const followUpLinksOf = (links: ArticleLinks): { slug: string; title: string }[] =>
  links.followUps.map(({ slug, title }) => ({ slug, title }));
