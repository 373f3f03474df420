/**
 * The published article, pure: how an approved revision becomes the public
 * read model, and how the stored article is served to each audience (what
 * changes with the day it is served is in article-serving.ts).
 *
 * The stored article is the clinician version in the shape the API serves, with
 * the patient version's `bottomLine` and `sections` alongside; `?audience=
 * patient` swaps them in. `id` is the question's id (stable across
 * versions). `related` and `followUps` come from the links stored with the
 * article (article-links.ts), kept true by the propagation worker; the
 * ETag of each audience is stored too and recomputed whenever the article
 * or its links change, so a read is one item and no work.
 */
import { createHash } from 'node:crypto';
import { type ArticleLinks, followUpLinksOf, noLinks, relatedLinksOf } from './article-links.ts';
import type { Citation, Draft, Section } from './draft.ts';
import type { Audience, Question } from './question.ts';
import { approversOf, type RevisionState } from './review.ts';
import { approvedAtOf, reviewDatesOf } from './review-cycle.ts';
import type { NamedApprovals, PublicApproval, SubjectApproval } from './reviewer.ts';
import { type ArticleNotice, publicNotices, type StoredWithdrawalNotice } from './source-withdrawal.ts';

/** A citation as readers see it; articles published before the metadata fields lack them. */
export type PublicCitation = Omit<Citation, 'sourceId'>;

/** An approval as readers see it: the reviewer's profile name ("Medical reviewer" without one), never a subject. */
export type Approval = PublicApproval;

export interface RelatedLink {
  slug: string;
  title: string;
}

export interface AudienceVersion {
  bottomLine: string;
  sections: Section[];
}

/**
 * The review block as stored with a version: approvals and the review dates (review-cycle.ts).
 * Versions published before the review cycle existed have no dates; readers get them derived.
 */
export interface StoredReview {
  status: 'approved';
  approvals: Approval[];
  lastReviewedAt?: string;
  nextReviewDue?: string;
}

/** The review block readers get: the approvals and the dates, always. */
export type PublicReview = Required<StoredReview>;

/** The public article, as `GET /v1/articles/{slug}` serves it. */
export interface Article {
  slug: string;
  id: string;
  title: string;
  question: string;
  audience: Audience;
  bottomLine: string;
  sections: Section[];
  citations: PublicCitation[];
  related: RelatedLink[];
  followUps: RelatedLink[];
  suggestedQuestions: string[];
  review: PublicReview;
  /**
   * What readers should know now, at the article's top level: a withdrawn source it cites
   * (stored when the source is withdrawn) and an overdue review (worked out as it is read).
   */
  notices: ArticleNotice[];
  version: number;
  publishedAt: string;
  lastUpdated: string;
  editorialPolicyUrl: string;
  disclaimer: string;
}

/**
 * What the read model keeps for the live version: the clinician article, the
 * patient version, provenance, the links `related` and `followUps` are made
 * from, and the ETag of each audience's JSON.
 */
export interface StoredArticle
  extends Omit<Article, 'audience' | 'related' | 'followUps' | 'review' | 'notices'> {
  audience: 'clinician';
  review: StoredReview;
  /** Notices of withdrawn sources this version cites; a new version starts without (it cannot cite them). */
  notices?: StoredWithdrawalNotice[];
  /** The library sources this version cites (internal): what a withdrawal is checked against. */
  sourceIds?: string[];
  /** The patient version's disclaimer; `disclaimer` is the clinician one. Absent on older versions (one for both). */
  patientDisclaimer?: string;
  patient: AudienceVersion;
  /** The question's revision this version was published from. */
  revision: number;
  /** The audience the asker chose; informational. */
  askedFor: Audience;
  links: ArticleLinks;
  etags: Record<Audience, string>;
  /** Reviewer keys of `review.approvals`, same order; internal, for renaming when a profile changes. */
  approverKeys: string[];
}

/** One entry of an article's version history; kept after retraction. */
export interface VersionRecord {
  version: number;
  publishedAt: string;
  /** Approvers' public names (as on the article), never token subjects. */
  approvedBy: string[];
  revision: number;
  questionId: string;
  retractedAt?: string;
  retractionReason?: string;
  retractedBy?: string;
  /** The version's review dates; absent on versions published before the review cycle. */
  lastReviewedAt?: string;
  nextReviewDue?: string;
  /** What this version changed, from its approval or its editor; absent when nobody described it. */
  changeSummary?: string;
}

/** A list entry of `GET /v1/articles`. */
export interface ArticleSummary {
  slug: string;
  id: string;
  title: string;
  question: string;
  bottomLine: string;
  version: number;
  publishedAt: string;
  lastUpdated: string;
}

/** The fields of a list entry, as stored (and projected into the indexes lists read). */
export const ARTICLE_SUMMARY_FIELDS = [
  'slug',
  'id',
  'title',
  'question',
  'bottomLine',
  'version',
  'publishedAt',
  'lastUpdated',
] as const satisfies readonly (keyof ArticleSummary)[];

export interface PublicationSettings {
  editorialPolicyUrl: string;
  /** The plain disclaimer (patients). */
  disclaimer: string;
  /** The professional disclaimer (clinicians); without it, the plain one serves both. */
  clinicianDisclaimer?: string;
  /** Days from a version's approval to its next scheduled review. */
  reviewIntervalDays: number;
}

export interface BuildArticleInput {
  slug: string;
  question: Question;
  revision: RevisionState & { draft: Draft };
  version: number;
  /** When version 1 went live; equal to `at` for a first publication. */
  firstPublishedAt: string;
  at: string;
  settings: PublicationSettings;
  links?: ArticleLinks;
  /** The revision's approvals, named from reviewer profiles (see use-cases/reviewer-names.ts). */
  approvals: NamedApprovals;
}

/** Citations as readers see them: no internal library ids. */
export const publicCitation = ({ sourceId: _internal, ...citation }: Citation): PublicCitation =>
  Object.fromEntries(Object.entries(citation).filter(([, value]) => value !== undefined)) as PublicCitation;

/** The approvals that put a revision live: each distinct approving reviewer (not the author) with the time. */
export function approvalsOf(revision: RevisionState): SubjectApproval[] {
  return approversOf(revision).map((reviewer) => {
    const decision = revision.decisions.find((d) => d.reviewer === reviewer && d.decision === 'approve');
    return { reviewer, at: decision?.at ?? '' };
  });
}

/** The read-model article for an approved revision. The caller has checked the approval. */
export function buildStoredArticle(input: BuildArticleInput): StoredArticle {
  const { draft } = input.revision;
  return withEtags({
    slug: input.slug,
    id: input.question.id,
    title: draft.title,
    question: input.question.question,
    audience: 'clinician',
    bottomLine: draft.bottomLine,
    sections: draft.sections,
    citations: draft.citations.map(publicCitation),
    sourceIds: librarySourceIdsOf(draft),
    suggestedQuestions: [...draft.suggestedQuestions],
    review: {
      status: 'approved',
      approvals: input.approvals.approvals,
      ...reviewDatesOf(
        approvedAtOf(approvalsOf(input.revision), input.at),
        input.settings.reviewIntervalDays,
      ),
    },
    version: input.version,
    publishedAt: input.firstPublishedAt,
    lastUpdated: input.at,
    editorialPolicyUrl: input.settings.editorialPolicyUrl,
    disclaimer: input.settings.clinicianDisclaimer ?? input.settings.disclaimer,
    patientDisclaimer: input.settings.disclaimer,
    patient: { bottomLine: draft.patient.bottomLine, sections: draft.patient.sections },
    revision: input.revision.revision,
    askedFor: input.question.audience,
    approverKeys: input.approvals.approverKeys,
    links: input.links ?? noLinks(),
  });
}

/** The distinct library sources a draft cites. */
export const librarySourceIdsOf = (draft: Pick<Draft, 'citations'>): string[] => [
  ...new Set(draft.citations.flatMap((citation) => (citation.sourceId ? [citation.sourceId] : []))),
];

/** A strong entity tag of a JSON body: the same bytes, the same tag. */
export const entityTag = (body: unknown): string =>
  `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 32)}"`;

/** The article with the ETag of each audience's public JSON worked out. */
export function withEtags(article: Omit<StoredArticle, 'etags'>): StoredArticle {
  const stored = { ...article, etags: { clinician: '', patient: '' } };
  return {
    ...stored,
    etags: {
      clinician: entityTag(toPublicArticle(stored, 'clinician')),
      patient: entityTag(toPublicArticle(stored, 'patient')),
    },
  };
}

/** The article with other links (and so other ETags). */
export const relinked = (article: StoredArticle, links: ArticleLinks): StoredArticle =>
  withEtags({ ...article, links });

/**
 * The article served to an audience: the clinician text by default, the
 * patient `bottomLine` and `sections` for `patient`. Fields are picked one by
 * one, so nothing internal (revision, patient copy, index keys) leaks.
 */
export function toPublicArticle(stored: Omit<StoredArticle, 'etags'>, audience: Audience): Article {
  const text = audience === 'patient' ? stored.patient : stored;
  return {
    slug: stored.slug,
    id: stored.id,
    title: stored.title,
    question: stored.question,
    audience,
    bottomLine: text.bottomLine,
    sections: text.sections,
    citations: stored.citations,
    related: relatedLinksOf(stored.links),
    followUps: followUpLinksOf(stored.links),
    suggestedQuestions: stored.suggestedQuestions,
    // As stored: the ETags are taken of this. Dates missing on older versions and the overdue notice
    // are added when the article is served (withReviewCycle), which retakes the ETag then.
    review: stored.review as PublicReview,
    notices: publicNotices(stored.notices),
    version: stored.version,
    publishedAt: stored.publishedAt,
    lastUpdated: stored.lastUpdated,
    editorialPolicyUrl: stored.editorialPolicyUrl,
    disclaimer: audience === 'patient' ? (stored.patientDisclaimer ?? stored.disclaimer) : stored.disclaimer,
  };
}
