import { AUDIENCES } from '../../domain/question.ts';
import * as z from '../../zod.ts';
import { draftExample, questionExample } from './examples.ts';
import type { AreaOperations } from './operation-contract.ts';
import { articleNotice, cursorPage, isoTime, named, slug } from './response-parts.ts';

/** The articles area: the published list, an article in one audience, its version history. */

// Its routes' request schemas (what handlers parse) are in ./requests/articles.ts: apart, so no handler
// bundles response schemas.

const claim = z.object({ text: z.string(), citations: z.array(z.int().check(z.positive())) });
export const sectionSchema = named(
  'Section',
  'A section of an article: claims, each followed by the numbers of the citations that support it',
  z.object({ heading: z.string(), claims: z.array(claim) }),
);

export const publicCitationSchema = named(
  'Citation',
  'A numbered reference',
  z.object({
    n: z.int().check(z.positive()),
    title: z.string(),
    publisher: z.optional(z.string()),
    year: z.optional(z.int()),
    url: z.optional(z.string()),
    // Library metadata; absent on articles published before sources carried it.
    authors: z.optional(
      z.array(z.string()).check(z.meta({ description: 'AMA short form, e.g. "Smith JA"' })),
    ),
    container: z.optional(z.string().check(z.meta({ description: 'The journal (abbreviated) or series' }))),
    volume: z.optional(z.string()),
    issue: z.optional(z.string()),
    pages: z.optional(z.string()),
    doi: z.optional(z.string().check(z.meta({ description: 'A bare DOI, 10.1000/xyz' }))),
    pmid: z.optional(z.string().check(z.meta({ description: 'A PubMed id' }))),
    formatted: z.optional(
      z
        .string()
        .check(z.meta({ description: 'The whole reference in AMA style, plain text, without its number' })),
    ),
  }),
);

const articleLink = z.object({ slug, title: z.string() });

/** An approval as readers see it: the reviewer as their public profile names them, never the token subject. */
const profileApproval = z.object({
  name: z
    .string()
    .check(z.meta({ description: 'The reviewer\'s display name ("Medical reviewer" without a profile)' })),
  credentials: z.optional(z.string()),
  specialty: z.optional(z.string()),
  affiliation: z.optional(z.string()),
  disclosures: z.optional(
    z
      .string()
      .check(z.meta({ description: 'Conflicts of interest the reviewer declared ("None declared")' })),
  ),
  at: isoTime,
});

export const articleSchema = named(
  'Article',
  'A published article in one audience (clinician by default, `?audience=patient` for the patient version)',
  z.object({
    slug,
    id: z.string().check(z.meta({ description: "The question's id, stable across versions" })),
    title: z.string(),
    question: z.string(),
    audience: z.enum(AUDIENCES),
    bottomLine: z.string(),
    sections: z.array(sectionSchema),
    citations: z.array(publicCitationSchema),
    related: z.array(articleLink),
    followUps: z.array(articleLink).check(z.meta({ description: 'Published follow-up questions' })),
    suggestedQuestions: z.array(z.string()),
    review: z.object({
      status: z.literal('approved'),
      approvals: z.array(profileApproval),
      lastReviewedAt: isoTime.check(
        z.meta({ description: "When this version was last reviewed: its revision's approval" }),
      ),
      nextReviewDue: isoTime.check(
        z.meta({
          description: 'When its next scheduled review is due (REVIEW_INTERVAL_DAYS after the last)',
        }),
      ),
    }),
    notices: z
      .array(articleNotice)
      .check(z.meta({ description: 'What readers should know about the article now; empty when nothing' })),
    version: z.int().check(z.positive()),
    publishedAt: isoTime,
    lastUpdated: isoTime,
    editorialPolicyUrl: z.string(),
    disclaimer: z.string(),
  }),
);

export const articleListSchema = named(
  'ArticleList',
  'Published articles, most recently updated first',
  cursorPage(
    z.object({
      slug,
      id: z.string(),
      title: z.string(),
      question: z.string(),
      bottomLine: z.string(),
      version: z.int().check(z.positive()),
      publishedAt: isoTime,
      lastUpdated: isoTime,
    }),
  ),
);

export const articleVersionsSchema = named(
  'ArticleVersions',
  'Published version history, oldest first; a retracted version says when and why',
  z.object({
    items: z.array(
      z.object({
        version: z.int().check(z.positive()),
        publishedAt: isoTime,
        approvedBy: z.array(z.string()),
        lastReviewedAt: z
          .optional(isoTime)
          .check(z.meta({ description: 'Absent on versions published before review dates were recorded' })),
        nextReviewDue: z.optional(isoTime),
        changeSummary: z
          .optional(z.string())
          .check(z.meta({ description: 'What this version changed; absent where nobody described it' })),
        retractedAt: z.optional(isoTime),
        retractionReason: z.optional(z.string()),
      }),
    ),
    nextCursor: z.null(),
  }),
);

export const operations = {
  'GET /v1/articles': {
    operationId: 'listArticles',
    description: 'Published articles, most recently updated first, filtered by `topic` and `updatedSince`.',
    responses: { 200: { description: 'A page of articles', schema: articleListSchema } },
    example: {
      items: [
        {
          slug: 'measuring-blood-pressure-at-home',
          id: questionExample.id,
          title: draftExample.title,
          question: questionExample.question,
          bottomLine: draftExample.bottomLine,
          version: 2,
          publishedAt: '2026-11-28T10:02:42.310Z',
          lastUpdated: '2026-11-29T08:30:00.000Z',
        },
      ],
      nextCursor: null,
    } satisfies z.output<typeof articleListSchema>,
  },
  'GET /v1/articles/{slug}': {
    operationId: 'getArticle',
    description:
      'The published article, clinician version unless `audience=patient`. Cacheable: revalidate with ' +
      '`If-None-Match`.',
    responses: {
      200: { description: 'The article', schema: articleSchema, headers: ['ETag', 'Cache-Control'] },
      304: { description: 'Not modified since the ETag you sent', headers: ['ETag', 'Cache-Control'] },
    },
    requestHeaders: ['If-None-Match'],
    example: {
      slug: 'measuring-blood-pressure-at-home',
      id: questionExample.id,
      title: draftExample.title,
      question: questionExample.question,
      audience: 'clinician',
      bottomLine: draftExample.bottomLine,
      sections: draftExample.sections,
      citations: draftExample.citations.map(({ sourceId: _, ...citation }) => citation),
      related: [{ slug: 'white-coat-hypertension', title: 'What is white-coat hypertension?' }],
      followUps: [
        { slug: 'best-home-blood-pressure-monitor', title: 'Choosing a home blood pressure monitor' },
      ],
      suggestedQuestions: draftExample.suggestedQuestions,
      review: {
        status: 'approved',
        approvals: [
          { name: 'Dr Ana Ruiz', credentials: 'MD', specialty: 'Cardiology', at: '2026-11-28T10:02:41.500Z' },
        ],
        lastReviewedAt: '2026-11-28T10:02:41.500Z',
        nextReviewDue: '2027-11-28T10:02:41.500Z',
      },
      notices: [],
      version: 2,
      publishedAt: '2026-11-28T10:02:42.310Z',
      lastUpdated: '2026-11-29T08:30:00.000Z',
      editorialPolicyUrl: 'https://vetted.example/editorial-policy',
      disclaimer: 'For information only; not a substitute for advice from your own clinician.',
    } satisfies z.output<typeof articleSchema>,
  },
  'GET /v1/articles/{slug}/versions': {
    operationId: 'listArticleVersions',
    description: 'Every published version, oldest first. A retracted article keeps its history here.',
    responses: { 200: { description: 'The version history', schema: articleVersionsSchema } },
    example: {
      items: [
        { version: 1, publishedAt: '2026-11-28T10:02:42.310Z', approvedBy: ['Dr Ana Ruiz'] },
        {
          version: 2,
          publishedAt: '2026-11-29T08:30:00.000Z',
          approvedBy: ['Dr Ana Ruiz', 'Dr Tom Berg'],
          lastReviewedAt: '2026-11-29T08:29:58.000Z',
          nextReviewDue: '2027-11-29T08:29:58.000Z',
          changeSummary: 'Adds the 2026 guideline target of under 130/80 mmHg for adults at high risk.',
        },
      ],
      nextCursor: null,
    } satisfies z.output<typeof articleVersionsSchema>,
  },
} satisfies AreaOperations;
