/**
 * The public updates feed (`GET /v1/updates`): what changed in the published corpus, newest first,
 * for a "What's new" page. Pure types and rules; the read model stores one entry per publication and
 * per retraction (see article-items.ts), never rewritten.
 */
export const UPDATE_KINDS = ['published', 'revised', 'retracted'] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

export interface UpdateEntry {
  kind: UpdateKind;
  slug: string;
  title: string;
  /** The version published, or the version taken down by a retraction. */
  version: number;
  /** When it was published or retracted (ISO 8601 UTC). */
  at: string;
  changeSummary?: string;
}

/**
 * A publication over a live version is a revision; one with nothing live (the first, or one after a
 * retraction) puts the article back before readers, so it is a publication.
 */
export const publicationKind = (replacesLiveVersion: boolean): UpdateKind =>
  replacesLiveVersion ? 'revised' : 'published';

/** What a stored feed entry holds besides its keys (the byFeed index projects exactly these). */
export const FEED_FIELDS = ['slug', 'title', 'version', 'feedKind', 'feedAt', 'changeSummary'] as const;

export interface UpdatesPage {
  items: UpdateEntry[];
  cursor?: string;
}
