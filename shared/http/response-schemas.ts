import { draftSchema } from '../domain/draft.ts';
import { FEEDBACK_KINDS, FEEDBACK_RESOLUTIONS, FEEDBACK_STATUSES } from '../domain/feedback.ts';
import { AUDIENCES, QUESTION_STATUSES } from '../domain/question.ts';
import { EDGE_KINDS } from '../domain/related-graph.ts';
import { DECISIONS } from '../domain/review.ts';
import { REVIEW_REASONS } from '../domain/review-cycle.ts';
import { UPDATE_KINDS } from '../domain/updates.ts';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook.ts';
import * as z from '../zod.ts';

/**
 * The response bodies of the API as zod schemas. Handlers answer through
 * `reply` (shared/http/reply.ts), typed by these schemas; the OpenAPI
 * document (shared/http/openapi.ts) is generated from them; the test suites
 * validate every response they receive against that document. So what is
 * documented is what is sent.
 *
 * Schemas registered in `responseRegistry` become named components
 * (`#/components/schemas/<id>`) and therefore named types in a generated client.
 */
export const responseRegistry = z.registry<{ id: string; description?: string }>();
const named = <S extends z.ZodMiniType>(id: string, description: string, schema: S): S => {
  responseRegistry.add(schema, { id, description });
  return schema;
};

const isoTime = z.string().check(z.meta({ format: 'date-time', description: 'ISO 8601 UTC time' }));
const slug = z
  .string()
  .check(z.meta({ description: 'URL slug of a published article', example: 'statins-after-75' }));
const questionStatus = z.enum(QUESTION_STATUSES);
const cursorPage = <S extends z.ZodMiniType>(item: S) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .nullable(z.string())
      .check(z.meta({ description: 'Pass as `cursor` for the next page; null on the last page' })),
  });

export const problemSchema = named(
  'Problem',
  'An RFC 9457 problem (application/problem+json). A 5xx never carries internals.',
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.optional(z.string()),
    errors: z
      .optional(z.array(z.object({ path: z.string(), message: z.string() })))
      .check(
        z.meta({ description: 'One entry per invalid field (400) or failing part of a revision (422)' }),
      ),
  }),
);

// ---- questions -----------------------------------------------------------------------------------------

export const questionStatusSchema = named(
  'QuestionStatus',
  'A question and where it is in its lifecycle',
  z.object({
    id: z.string().check(z.meta({ format: 'uuid' })),
    question: z.string(),
    audience: z.enum(AUDIENCES),
    status: questionStatus,
    followUpOf: z.optional(slug),
    timeline: z.array(z.object({ status: questionStatus, at: isoTime })),
    articleSlug: z.optional(slug).check(z.meta({ description: 'Set once the answer is published' })),
    failureReason: z.optional(z.string()),
    waiting: z.optional(
      z.object({ reason: z.string(), until: isoTime }).check(
        z.meta({
          description:
            "Drafting waits for the daily generation budget: why, and when it resumes (status stays 'submitted')",
        }),
      ),
    ),
    createdAt: isoTime,
    updatedAt: isoTime,
    answerUrl: z.optional(z.string()).check(
      z.meta({
        description: "The asker's private answer view; on the asker's routes (not the admin retry)",
      }),
    ),
  }),
);

// ---- articles ------------------------------------------------------------------------------------------

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

const answerBase = { audience: z.enum(AUDIENCES) };
export const askerAnswerSchema = named(
  'AskerAnswer',
  "The asker's private view of their answer: a supported draft pending review, a reason there is none yet, " +
    'the approved article, or why it was not answered',
  z.discriminatedUnion('status', [
    z.object({
      ...answerBase,
      status: z.literal('pending_review'),
      notice: z.string(),
      revision: z.int().check(z.positive()),
      generatedAt: isoTime,
      title: z.string(),
      bottomLine: z.string(),
      sections: z.array(sectionSchema),
      citations: z.array(publicCitationSchema),
      suggestedQuestions: z.array(z.string()),
    }),
    z.object({
      ...answerBase,
      status: z.literal('no_answer_yet'),
      reason: z.enum(['drafting', 'awaiting_clinician', 'failed']),
      message: z.string(),
      failureReason: z.optional(z.string()),
    }),
    z.object({
      ...answerBase,
      status: z.literal('approved'),
      articleSlug: slug,
      articleUrl: z.string(),
      message: z.string(),
    }),
    z.object({
      ...answerBase,
      status: z.literal('not_answered'),
      reason: z.enum(['declined', 'retracted']),
      message: z.string(),
    }),
  ]),
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

const articleNotice = z.object({
  kind: z.enum(['source_withdrawn', 'review_overdue']).check(
    z.meta({
      description:
        '`source_withdrawn`: a source it cites was withdrawn and the article is under re-review; ' +
        '`review_overdue`: its scheduled review is past due plus the grace period',
    }),
  ),
  text: z.string(),
  since: isoTime.check(z.meta({ description: 'When the notice began to apply' })),
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

export const updatesFeedSchema = named(
  'UpdatesFeed',
  'What changed: publications, revisions and retractions, newest first',
  cursorPage(
    z.object({
      kind: z.enum(UPDATE_KINDS),
      slug,
      title: z.string(),
      version: z
        .int()
        .check(
          z.positive(),
          z.meta({ description: 'The version published, or the one a retraction took down' }),
        ),
      at: isoTime,
      changeSummary: z
        .optional(z.string())
        .check(z.meta({ description: 'What the version changed; absent where nobody described it' })),
    }),
  ),
);

export const relatedGraphSchema = named(
  'RelatedGraph',
  'The related-question graph around an article',
  z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        slug: z.optional(slug).check(z.meta({ description: 'Present on published articles' })),
        title: z.string(),
        kind: z.enum(['article', 'suggested']),
      }),
    ),
    edges: z.array(
      z.object({ from: z.string(), to: z.string(), kind: z.enum(EDGE_KINDS), weight: z.number() }),
    ),
  }),
);

export const searchResultsSchema = named(
  'SearchResults',
  'Published articles ranked by relevance to the query',
  z.object({
    items: z.array(
      z.object({ slug, title: z.string(), bottomLine: z.string(), lastUpdated: isoTime, score: z.number() }),
    ),
    nextCursor: z.null(),
  }),
);

export const healthSchema = named('Health', 'Liveness', z.object({ status: z.literal('ok') }));
export const openApiDocumentSchema = named(
  'OpenApiDocument',
  'This document',
  z.looseObject({ openapi: z.string() }),
);

export const advisoryBoardSchema = named(
  'AdvisoryBoard',
  'The reviewers with a public profile',
  z.object({
    items: z.array(
      z.object({
        name: z.string(),
        credentials: z.string(),
        specialty: z.string(),
        affiliation: z.optional(z.string()),
        disclosures: z.string(),
      }),
    ),
  }),
);

// ---- review --------------------------------------------------------------------------------------------

export const reviewQueueSchema = named(
  'ReviewQueue',
  'Questions in a status (in_review by default), least recently changed first',
  cursorPage(
    z.object({
      id: z.string(),
      question: z.string(),
      status: questionStatus,
      reason: z.enum(REVIEW_REASONS).check(
        z.meta({
          description:
            'Why it is in review: a new question, a revision of a live article, or a scheduled re-review of one',
        }),
      ),
      revision: z.int().check(z.gte(0)),
      submittedAt: isoTime,
      updatedAt: isoTime,
    }),
  ),
);

const decisionRecord = z.object({
  reviewer: z.string(),
  decision: z.enum(DECISIONS),
  reason: z.optional(z.string()),
  changeSummary: z.optional(z.string()),
  at: isoTime,
});

export const draftRevisionSchema = named(
  'DraftRevision',
  'A draft as generated or edited: the clinician text, the patient version, citations and provenance',
  draftSchema,
);

export const reviewDetailSchema = named(
  'ReviewDetail',
  'A question with every draft revision, the decisions on each, and its audit trail',
  z.object({
    question: z.object({
      id: z.string(),
      question: z.string(),
      audience: z.enum(AUDIENCES),
      status: questionStatus,
      followUpOf: z.optional(slug),
      articleSlug: z.optional(slug),
      timeline: z.array(z.object({ status: questionStatus, at: isoTime })),
      currentRevision: z.int().check(z.gte(0)),
    }),
    revisions: z.array(
      z.object({
        revision: z.int().check(z.positive()),
        author: z.string(),
        createdAt: isoTime,
        draft: draftRevisionSchema,
        changeSummary: z
          .optional(z.string())
          .check(z.meta({ description: "The editor's summary of what the revision changes" })),
        proposedChangeSummary: z.optional(z.string()).check(
          z.meta({
            description:
              "A regenerated draft's summary of what it changes against the live version (claims and citations added or removed): reviewers keep or rewrite it, and it is used when nobody does",
          }),
        ),
        decisions: z.array(decisionRecord),
      }),
    ),
    notices: z.array(articleNotice).check(
      z.meta({
        description:
          "The live article's notices as readers see them now (a withdrawn source, an overdue review); empty when none or nothing is live",
      }),
    ),
    audit: z.array(
      z.object({
        at: isoTime,
        actor: z.string(),
        action: z.string(),
        from: z.optional(questionStatus),
        to: z.optional(questionStatus),
        revision: z.optional(z.int()),
        reason: z.optional(z.string()),
      }),
    ),
  }),
);

export const decisionResultSchema = named(
  'DecisionResult',
  'The recorded decision and what it did to the revision and the question',
  z.object({
    questionId: z.string(),
    revision: z.int().check(z.positive()),
    decision: decisionRecord,
    outcome: z.enum(['pending', 'approved', 'rejected', 'changes_requested']),
    status: questionStatus,
  }),
);

export const editorRevisionSchema = named(
  'EditorRevision',
  "The new revision an editor's draft became; it goes to review",
  z.object({ questionId: z.string(), revision: z.int().check(z.positive()), status: questionStatus }),
);

export const retractionSchema = named(
  'Retraction',
  'The retracted version; it stays in the version history',
  z.object({
    slug,
    questionId: z.string(),
    version: z.int().check(z.positive()),
    retractedAt: isoTime,
    reason: z.string(),
  }),
);

export const withdrawalSchema = named(
  'SourceWithdrawal',
  'A withdrawn library source: the live articles citing it get a notice and a re-review shortly',
  z.object({
    sourceId: z.string(),
    status: z.literal('withdrawn'),
    reason: z.string(),
    supersededBy: z.optional(z.string()),
    withdrawnAt: isoTime,
  }),
);

export type QuestionStatusBody = z.output<typeof questionStatusSchema>;

export const reviewerProfileSchema = named(
  'ReviewerProfile',
  "A reviewer's public profile, keyed by the normalised token subject (admin-only)",
  z.object({
    subject: z.string(),
    displayName: z.string(),
    credentials: z.string(),
    specialty: z.string(),
    affiliation: z.optional(z.string()),
    disclosures: z.string(),
    createdAt: isoTime,
    updatedAt: isoTime,
  }),
);

export const reviewerProfilesSchema = named(
  'ReviewerProfiles',
  'Every reviewer profile',
  z.object({ items: z.array(reviewerProfileSchema) }),
);

// ---- reader feedback ----------------------------------------------------------------------------------

export const feedbackReceiptSchema = named(
  'FeedbackReceipt',
  'Your feedback was received; reviewers read it (it is never published)',
  z.object({ id: z.string(), status: z.literal('received'), receivedAt: isoTime }),
);

export const feedbackSchema = named(
  'Feedback',
  'Reader feedback on an article version (reviewers only)',
  z.object({
    id: z.string(),
    slug,
    questionId: z.string(),
    version: z.int().check(z.positive()),
    kind: z.enum(FEEDBACK_KINDS),
    message: z.string(),
    contact: z.optional(z.string()),
    status: z.enum(FEEDBACK_STATUSES),
    receivedAt: isoTime,
    resolution: z.optional(z.enum(FEEDBACK_RESOLUTIONS)),
    note: z.optional(z.string()),
    resolvedBy: z.optional(z.string()),
    resolvedAt: z.optional(isoTime),
  }),
);

export const feedbackListSchema = named(
  'FeedbackList',
  'Reader feedback, oldest first',
  cursorPage(feedbackSchema),
);

// ---- outbound webhooks (admins) -------------------------------------------------------------------------

const webhookEndpointFields = {
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  description: z.optional(z.string()),
  status: z.enum(['active', 'disabled']),
  createdAt: isoTime,
  failingSince: z.optional(isoTime),
  disabledAt: z.optional(isoTime),
};

export const webhookEndpointSchema = named(
  'WebhookEndpoint',
  'A webhook endpoint (its secret is never shown again after creation)',
  z.object(webhookEndpointFields),
);

export const createdWebhookSchema = named(
  'CreatedWebhook',
  'A new webhook endpoint and its signing secret, shown this once (Standard Webhooks `whsec_` form)',
  z.object({ ...webhookEndpointFields, secret: z.string() }),
);

export const webhookEndpointsSchema = named(
  'WebhookEndpoints',
  'Every webhook endpoint, oldest first',
  z.object({ items: z.array(webhookEndpointSchema) }),
);

export const webhookDeliveriesSchema = named(
  'WebhookDeliveries',
  'Recent delivery attempts, newest first (kept 7 days)',
  z.object({
    items: z.array(
      z.object({
        endpointId: z.string(),
        eventId: z.string(),
        eventType: z.enum(WEBHOOK_EVENT_TYPES),
        attempt: z.int().check(z.positive()),
        attemptedAt: isoTime,
        statusCode: z.optional(z.int()),
        error: z.optional(z.string()),
        durationMs: z.int().check(z.nonnegative()),
        nextAttemptAt: z.optional(isoTime),
      }),
    ),
  }),
);

export const webhookRotationSchema = named(
  'WebhookRotation',
  'The new signing secret, shown this once; the previous one also signs until `previousSecretExpiresAt`',
  z.object({ id: z.string(), secret: z.string(), previousSecretExpiresAt: isoTime }),
);

// ---- reference library (reviewers and editors) ---------------------------------------------------------

const sourceFields = {
  id: z.string(),
  title: z.string(),
  publisher: z.string(),
  year: z.int(),
  url: z.string(),
  authors: z.optional(
    z.array(
      z.object({
        family: z.optional(z.string()),
        given: z.optional(z.string()),
        literal: z.optional(z.string()),
      }),
    ),
  ),
  container: z.optional(z.string()),
  volume: z.optional(z.string()),
  issue: z.optional(z.string()),
  pages: z.optional(z.string()),
  doi: z.optional(z.string()),
  pmid: z.optional(z.string()),
  /** The reference in AMA style, rendered when the source was loaded. */
  formatted: z.optional(z.string()),
};

export const sourceSearchSchema = named(
  'SourceSearchResults',
  'Reference-library sources matching a search, best first (or by title without `q`)',
  z.object({ items: z.array(z.object({ ...sourceFields, excerpt: z.string() })) }),
);

export const sourceSchema = named(
  'Source',
  'A reference-library source with its full text and its passages (what claims cite)',
  z.object({
    ...sourceFields,
    text: z.string(),
    passages: z.array(z.object({ id: z.string(), section: z.array(z.string()), text: z.string() })),
  }),
);
