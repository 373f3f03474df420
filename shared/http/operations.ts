import type * as z from '../zod.ts';
import {
  advisoryBoardSchema,
  articleListSchema,
  articleSchema,
  articleVersionsSchema,
  askerAnswerSchema,
  createdWebhookSchema,
  decisionResultSchema,
  editorRevisionSchema,
  feedbackListSchema,
  feedbackReceiptSchema,
  feedbackSchema,
  healthSchema,
  openApiDocumentSchema,
  questionStatusSchema,
  relatedGraphSchema,
  retractionSchema,
  reviewDetailSchema,
  reviewerProfileSchema,
  reviewerProfilesSchema,
  reviewQueueSchema,
  searchResultsSchema,
  sourceSchema,
  sourceSearchSchema,
  updatesFeedSchema,
  webhookDeliveriesSchema,
  webhookEndpointsSchema,
  webhookRotationSchema,
  withdrawalSchema,
} from './response-schemas.ts';
import type { RouteKey } from './routes.ts';

export type { RouteKey };

/** Response headers the contract documents. */
export const RESPONSE_HEADERS = {
  ETag: 'Entity tag of the representation; send it back in `If-None-Match` to get a 304',
  'Cache-Control': 'How long shared caches and browsers may keep the response',
  Location: 'Where the created (or existing) resource lives',
  'X-Robots-Tag': 'Keeps the response out of search indexes',
} as const;
export type ResponseHeader = keyof typeof RESPONSE_HEADERS;

/** Request headers an operation reads, beyond `authorization` and `content-type`. */
export const REQUEST_HEADERS = {
  'Idempotency-Key': {
    description:
      'Repeat a request safely: the same key and body replay the first answer; another body is a 422',
    example: '7f7c1c2e-first-try',
  },
  'If-None-Match': {
    description: 'An ETag from an earlier response; a match answers 304',
    example: '"3f1c9a7e"',
  },
} as const;
export type RequestHeader = keyof typeof REQUEST_HEADERS;

export interface SuccessResponse {
  description: string;
  /** Absent for a response without a body (304) or one that is not JSON (see `mediaType`). */
  schema?: z.ZodMiniType;
  /** A body that is not JSON: its media type (the console's HTML, script and stylesheet). */
  mediaTypes?: readonly string[];
  headers?: readonly ResponseHeader[];
}

/** Problem statuses an operation can answer beyond the ones its shape implies (see openapi.ts). */
export type ExtraProblemStatus = 404 | 409 | 422;

export interface OperationContract {
  /** Stable name of the operation (a generated client's method name). */
  operationId: string;
  description: string;
  /** Success statuses (2xx, 3xx) with their bodies. */
  responses: Record<number, SuccessResponse>;
  /** One realistic body of the first success response. */
  example: unknown;
  problems?: readonly ExtraProblemStatus[];
  requestHeaders?: readonly RequestHeader[];
}

const sourceExample = {
  id: 'nice-hypertension-2023',
  title: 'Hypertension in adults: diagnosis and management',
  publisher: 'NICE',
  year: 2023,
  url: 'https://www.nice.org.uk/guidance/ng136',
};

const feedbackExample = {
  id: '3e9f5b2a-6c1d-4e8f-9a0b-7c2d1e4f5a6b',
  slug: 'measuring-blood-pressure-at-home',
  questionId: '5b0e8a52-8f43-4f0e-9a53-3f4c1c7d2a10',
  version: 2,
  kind: 'outdated',
  message: 'The 2026 guideline changed the home reading threshold to 135/85.',
  status: 'open',
  receivedAt: '2026-12-02T09:30:00.000Z',
} satisfies z.output<typeof feedbackSchema>;

const webhookExample = {
  id: '9d3c1b8e-2f6a-4f1e-8a57-6c1d2e3f4a5b',
  url: 'https://hooks.example.org/vetted',
  events: ['article.published', 'article.revised', 'article.retracted'],
  description: 'Rebuild the static site',
  status: 'active',
  createdAt: '2026-12-01T09:00:00.000Z',
} satisfies z.output<typeof webhookEndpointsSchema>['items'][number];

const profileExample = {
  subject: 'alice',
  displayName: 'Dr Ana Ruiz',
  credentials: 'MD',
  specialty: 'Cardiology',
  affiliation: 'Hospital Clínic, Barcelona',
  disclosures: 'None declared',
  createdAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-20T08:00:00.000Z',
} satisfies z.output<typeof reviewerProfileSchema>;
const editedProfileExample = {
  ...profileExample,
  disclosures: 'Speaker fees from a statin maker (2025)',
  updatedAt: '2026-11-29T09:00:00.000Z',
} satisfies z.output<typeof reviewerProfileSchema>;

const questionExample = {
  id: '5b0e8a52-8f43-4f0e-9a53-3f4c1c7d2a10',
  question: 'How should I measure my blood pressure at home?',
  audience: 'patient',
  status: 'submitted',
  timeline: [{ status: 'submitted', at: '2026-11-28T09:14:03.120Z' }],
  createdAt: '2026-11-28T09:14:03.120Z',
  updatedAt: '2026-11-28T09:14:03.120Z',
  answerUrl: '/v1/questions/5b0e8a52-8f43-4f0e-9a53-3f4c1c7d2a10/answer',
} satisfies z.output<typeof questionStatusSchema>;

const sectionExample = {
  heading: 'How to measure',
  claims: [
    { text: 'Sit quietly for five minutes with your back supported before measuring.', citations: [1] },
    { text: 'Take two readings a minute apart and record both.', citations: [1, 2] },
  ],
};

const draftExample = {
  title: 'Measuring blood pressure at home',
  bottomLine: 'Seated, rested, arm supported at heart level, two readings a minute apart [1].',
  sections: [sectionExample],
  citations: [
    {
      n: 1,
      title: 'Self-measured blood pressure monitoring at home',
      publisher: 'American Heart Association',
      year: 2024,
      url: 'https://www.heart.org/',
      sourceId: 'aha-smbp-2024',
    },
    { n: 2, title: 'Hypertension in adults: diagnosis and management', publisher: 'NICE', year: 2023 },
  ],
  patient: {
    bottomLine: 'Rest first, sit with your arm on a table, and measure twice [1].',
    sections: [sectionExample],
  },
  suggestedQuestions: [
    'Which home blood pressure monitor should I buy?',
    'What is a normal home reading?',
    'How often should I measure?',
  ],
  generator: { adapter: 'local', model: 'bm25-demo', promptVersion: 'v3' },
};

/**
 * The response contract of every route, by route key: the one entry to add
 * with a route. `satisfies` makes tsc refuse a route without one.
 */
export const operations = {
  'POST /v1/questions': {
    operationId: 'askQuestion',
    description:
      'Ask a question. It is drafted asynchronously; poll its `Location` for the status. Every ask gets ' +
      'its own private id and `answerUrl`, also a question asked before (case, spacing and punctuation ' +
      'aside), whose drafting it then shares.',
    responses: {
      202: { description: 'Accepted for drafting', schema: questionStatusSchema, headers: ['Location'] },
    },
    example: questionExample,
    problems: [422],
    requestHeaders: ['Idempotency-Key'],
  },
  'GET /v1/questions/{id}': {
    operationId: 'getQuestion',
    description: "A question's status and timeline; `articleSlug` once its answer is published.",
    responses: { 200: { description: 'The question', schema: questionStatusSchema } },
    example: {
      ...questionExample,
      status: 'published',
      timeline: [
        { status: 'submitted', at: '2026-11-28T09:14:03.120Z' },
        { status: 'drafting', at: '2026-11-28T09:14:03.410Z' },
        { status: 'in_review', at: '2026-11-28T09:14:04.020Z' },
        { status: 'approved', at: '2026-11-28T10:02:41.500Z' },
        { status: 'published', at: '2026-11-28T10:02:42.310Z' },
      ],
      articleSlug: 'measuring-blood-pressure-at-home',
      updatedAt: '2026-11-28T10:02:42.310Z',
    },
  },
  'GET /v1/questions/{id}/answer': {
    operationId: 'getAskerAnswer',
    description:
      "The asker's private view: a supported draft while it awaits review (with a notice), why there is no " +
      'answer yet, the approved article, or why it was not answered. Never cached, never indexed.',
    responses: {
      200: {
        description: 'The answer as it stands',
        schema: askerAnswerSchema,
        headers: ['ETag', 'Cache-Control', 'X-Robots-Tag'],
      },
      304: { description: 'Not modified since the ETag you sent', headers: ['ETag', 'Cache-Control'] },
    },
    requestHeaders: ['If-None-Match'],
    example: {
      status: 'approved',
      audience: 'patient',
      articleSlug: 'measuring-blood-pressure-at-home',
      articleUrl: '/v1/articles/measuring-blood-pressure-at-home?audience=patient',
      message: 'Your answer was reviewed and approved by our clinicians.',
    } satisfies z.output<typeof askerAnswerSchema>,
  },
  'GET /v1/review/sources': {
    operationId: 'searchSources',
    description: 'Search the reference library, for citing a source in an editor revision.',
    responses: { 200: { description: 'Matching sources', schema: sourceSearchSchema } },
    example: {
      items: [{ ...sourceExample, excerpt: 'Measure blood pressure at home with a validated device…' }],
    } satisfies z.output<typeof sourceSearchSchema>,
  },
  'GET /v1/review/sources/{id}': {
    operationId: 'getSource',
    description: 'One reference-library source with its full text (the passages claims cite).',
    responses: { 200: { description: 'The source', schema: sourceSchema } },
    example: {
      ...sourceExample,
      text: 'Offer ambulatory or home blood pressure monitoring to confirm a diagnosis of hypertension.',
      passages: [
        {
          id: 'demo-hypertension-diagnosis#0',
          section: [],
          text: 'Offer ambulatory or home blood pressure monitoring to confirm a diagnosis of hypertension.',
        },
      ],
    } satisfies z.output<typeof sourceSchema>,
  },
  'GET /console': {
    operationId: 'getConsole',
    description: 'The reviewer console: an HTML page (strict Content-Security-Policy, no inline script).',
    responses: { 200: { description: 'The console page', mediaTypes: ['text/html'] } },
    example: '<!doctype html>…',
  },
  'GET /console/{asset}': {
    operationId: 'getConsoleAsset',
    description: "The console's script, stylesheet or sign-in settings.",
    responses: {
      200: {
        description: 'The asset',
        mediaTypes: ['text/javascript', 'text/css', 'application/json'],
      },
    },
    example: 'export {};',
  },
  'GET /v1/reviewers': {
    operationId: 'listAdvisoryBoard',
    description: 'The public advisory board: every reviewer with a profile.',
    responses: {
      200: { description: 'The board', schema: advisoryBoardSchema, headers: ['Cache-Control'] },
    },
    example: {
      items: [
        {
          name: 'Dr Ana Ruiz',
          credentials: 'MD',
          specialty: 'Cardiology',
          affiliation: 'Hospital Clínic, Barcelona',
          disclosures: 'None declared',
        },
      ],
    } satisfies z.output<typeof advisoryBoardSchema>,
  },
  'GET /v1/updates': {
    operationId: 'listUpdates',
    description:
      'What changed, newest first: each publication, revision and retraction with the version it concerns ' +
      'and, where one was given, its change summary. `since` keeps changes at or after a time. What a ' +
      '"What\'s new" page needs; one read per page.',
    responses: {
      200: { description: 'A page of changes', schema: updatesFeedSchema, headers: ['Cache-Control'] },
    },
    example: {
      items: [
        {
          kind: 'revised',
          slug: 'measuring-blood-pressure-at-home',
          title: draftExample.title,
          version: 2,
          at: '2026-11-29T08:30:00.000Z',
          changeSummary: 'Adds the 2026 guideline target of under 130/80 mmHg for adults at high risk.',
        },
        {
          kind: 'published',
          slug: 'measuring-blood-pressure-at-home',
          title: draftExample.title,
          version: 1,
          at: '2026-11-28T10:02:42.310Z',
        },
      ],
      nextCursor: null,
    } satisfies z.output<typeof updatesFeedSchema>,
  },
  'GET /v1/admin/reviewers': {
    operationId: 'listReviewerProfiles',
    description: 'Every reviewer profile, with the token subject it belongs to.',
    responses: { 200: { description: 'The profiles', schema: reviewerProfilesSchema } },
    example: {
      items: [profileExample],
    } satisfies z.output<typeof reviewerProfilesSchema>,
  },
  'PUT /v1/admin/reviewers/{subject}': {
    operationId: 'putReviewerProfile',
    description:
      'Sets a reviewer\'s public profile (affiliation optional; disclosures "None declared" unless given); ' +
      'the live articles they approved show the new name, credentials, affiliation and disclosures.',
    responses: { 200: { description: 'The profile', schema: reviewerProfileSchema } },
    example: editedProfileExample,
  },
  'GET /v1/review/profile': {
    operationId: 'getOwnReviewerProfile',
    description: "The caller's own reviewer profile; 404 until an admin has created it.",
    responses: { 200: { description: 'The profile', schema: reviewerProfileSchema } },
    problems: [404],
    example: profileExample,
  },
  'PUT /v1/review/profile': {
    operationId: 'putOwnReviewerProfile',
    description:
      'A reviewer sets their own affiliation (omitted: none) and disclosures ("None declared" unless given); ' +
      'the name, credentials and specialty stay as an admin set them. The live articles they approved show ' +
      'the change. 404 until an admin has created the profile.',
    responses: { 200: { description: 'The profile', schema: reviewerProfileSchema } },
    problems: [404],
    example: editedProfileExample,
  },
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
  'GET /v1/articles/{slug}/related': {
    operationId: 'getRelatedGraph',
    description:
      'The related-question graph `depth` hops around the article: published articles and suggested ' +
      'questions, with similarity, follow-up and suggestion edges.',
    responses: { 200: { description: 'The graph', schema: relatedGraphSchema } },
    example: {
      nodes: [
        {
          id: questionExample.id,
          slug: 'measuring-blood-pressure-at-home',
          title: draftExample.title,
          kind: 'article',
        },
        {
          id: '0c3d51a0-4f3b-4c8e-8a8e-2f1a9b6d7e21',
          slug: 'white-coat-hypertension',
          title: 'What is white-coat hypertension?',
          kind: 'article',
        },
        { id: 'suggested:5e2b7c9d1a3f4e60', title: 'What is a normal home reading?', kind: 'suggested' },
      ],
      edges: [
        {
          from: questionExample.id,
          to: '0c3d51a0-4f3b-4c8e-8a8e-2f1a9b6d7e21',
          kind: 'similar',
          weight: 0.42,
        },
        { from: questionExample.id, to: 'suggested:5e2b7c9d1a3f4e60', kind: 'suggested', weight: 1 },
      ],
    } satisfies z.output<typeof relatedGraphSchema>,
  },
  'GET /v1/search': {
    operationId: 'searchArticles',
    description: 'Full-text search over published articles, best match first.',
    responses: { 200: { description: 'Matching articles', schema: searchResultsSchema } },
    example: {
      items: [
        {
          slug: 'measuring-blood-pressure-at-home',
          title: draftExample.title,
          bottomLine: draftExample.bottomLine,
          lastUpdated: '2026-11-29T08:30:00.000Z',
          score: 3.7,
        },
      ],
      nextCursor: null,
    } satisfies z.output<typeof searchResultsSchema>,
  },
  'GET /openapi.json': {
    operationId: 'getOpenApiDocument',
    description:
      'This OpenAPI 3.1 document, generated from the route table and the request and response schemas.',
    responses: { 200: { description: 'The document', schema: openApiDocumentSchema } },
    example: { openapi: '3.1.0', info: { title: 'Vetted API', version: '1.0.0' }, paths: {} },
  },
  'GET /health': {
    operationId: 'getHealth',
    description: 'Answers 200 while the API is up.',
    responses: { 200: { description: 'Up', schema: healthSchema } },
    example: { status: 'ok' } satisfies z.output<typeof healthSchema>,
  },
  'GET /v1/review/queue': {
    operationId: 'getReviewQueue',
    description:
      'Questions in a status (default `in_review`), least recently changed first, each with why it is in review; `reason` filters by it.',
    responses: { 200: { description: 'A page of the queue', schema: reviewQueueSchema } },
    example: {
      items: [
        {
          id: questionExample.id,
          question: questionExample.question,
          status: 'in_review',
          reason: 'new_question',
          revision: 1,
          submittedAt: '2026-11-28T09:14:03.120Z',
          updatedAt: '2026-11-28T09:14:04.020Z',
        },
      ],
      nextCursor: null,
    } satisfies z.output<typeof reviewQueueSchema>,
  },
  'GET /v1/review/questions/{id}': {
    operationId: 'getReviewDetail',
    description:
      'Everything a reviewer needs: the question, every revision with its decisions, the audit trail.',
    responses: { 200: { description: 'The question under review', schema: reviewDetailSchema } },
    example: {
      question: {
        id: questionExample.id,
        question: questionExample.question,
        audience: 'patient',
        status: 'in_review',
        timeline: [
          { status: 'submitted', at: '2026-11-28T09:14:03.120Z' },
          { status: 'drafting', at: '2026-11-28T09:14:03.410Z' },
          { status: 'in_review', at: '2026-11-28T09:14:04.020Z' },
        ],
        currentRevision: 1,
      },
      revisions: [
        {
          revision: 1,
          author: 'system',
          createdAt: '2026-11-28T09:14:04.020Z',
          draft: draftExample,
          decisions: [],
        },
      ],
      audit: [
        { at: '2026-11-28T09:14:03.120Z', actor: 'system', action: 'submitted', to: 'submitted' },
        { at: '2026-11-28T09:14:04.020Z', actor: 'system', action: 'draft.generated', revision: 1 },
      ],
      notices: [],
    } satisfies z.output<typeof reviewDetailSchema>,
  },
  'POST /v1/review/questions/{id}/decisions': {
    operationId: 'decideOnRevision',
    description:
      'Approve, reject or request changes on the current revision. A stale revision or a decision that lost ' +
      'a race is 409; approving a revision that is not supported by its citations is 422.',
    responses: { 201: { description: 'The decision was recorded', schema: decisionResultSchema } },
    problems: [409, 422],
    example: {
      questionId: questionExample.id,
      revision: 1,
      decision: { reviewer: 'alice', decision: 'approve', at: '2026-11-28T10:02:41.500Z' },
      outcome: 'approved',
      status: 'approved',
    } satisfies z.output<typeof decisionResultSchema>,
  },
  'PUT /v1/review/questions/{id}/draft': {
    operationId: 'submitEditorRevision',
    description:
      "An editor's revision, based on `baseRevision`; it goes to review. A stale base is 409; a draft the " +
      'publish gate refuses (an uncited claim, an unresolvable citation) is 422 naming each failing part.',
    responses: { 201: { description: 'The new revision', schema: editorRevisionSchema } },
    problems: [409, 422],
    example: { questionId: questionExample.id, revision: 2, status: 'in_review' } satisfies z.output<
      typeof editorRevisionSchema
    >,
  },
  'POST /v1/admin/questions/{id}/retry': {
    operationId: 'retryQuestion',
    description: 'Sends a failed question back to drafting. A question that is not failed is 409.',
    responses: { 202: { description: 'Resubmitted', schema: questionStatusSchema } },
    problems: [409],
    example: questionExample,
  },
  'DELETE /v1/admin/articles/{slug}': {
    operationId: 'retractArticle',
    description:
      'Retracts a published article: every public route answers 404 for it, its version history keeps it. ' +
      'A retraction that lost a race is 409.',
    responses: { 200: { description: 'Retracted', schema: retractionSchema } },
    problems: [409],
    example: {
      slug: 'measuring-blood-pressure-at-home',
      questionId: questionExample.id,
      version: 2,
      retractedAt: '2026-11-29T12:00:00.000Z',
      reason: 'Superseded by the 2026 guideline',
    } satisfies z.output<typeof retractionSchema>,
  },
  'POST /v1/admin/sources/{id}/withdrawal': {
    operationId: 'withdrawSource',
    description:
      'Withdraws a library source, optionally naming the library source that supersedes it. From then on no ' +
      'draft, editor revision or approval may cite it (the publish gate answers 422) and drafting no longer ' +
      'retrieves it. Every live article citing it (found through the citation index written at publication) ' +
      'gets a `source_withdrawn` notice in its `notices` and a re-review drafted without it, marked ' +
      '`source_withdrawn` in the review queue; `source.withdrawn` goes on the bus. The same withdrawal asked ' +
      'again is accepted again (202, nothing repeated but the event); another reason or replacement for a ' +
      'source already withdrawn is 409. An unknown source is 404; a `supersededBy` that is not a usable ' +
      'library source is 400.',
    responses: { 202: { description: 'Withdrawn; notices and re-reviews follow', schema: withdrawalSchema } },
    problems: [409],
    example: {
      sourceId: 'nice-ng136-2019',
      status: 'withdrawn',
      reason: 'Replaced by the 2026 update of the guideline',
      supersededBy: 'nice-ng136-2026',
      withdrawnAt: '2026-12-07T10:00:00.000Z',
    } satisfies z.output<typeof withdrawalSchema>,
  },
  'POST /v1/articles/{slug}/feedback': {
    operationId: 'submitFeedback',
    description:
      'Tells the reviewers something is wrong with a live article (an error, outdated advice, something unclear). ' +
      'The message is stored for them and never published; the contact, if given, is shown to reviewers only. ' +
      'Anonymous, under the per-client limit on anonymous writes.',
    responses: { 202: { description: 'Received', schema: feedbackReceiptSchema } },
    example: {
      id: feedbackExample.id,
      status: 'received',
      receivedAt: feedbackExample.receivedAt,
    } satisfies z.output<typeof feedbackReceiptSchema>,
  },
  'GET /v1/review/feedback': {
    operationId: 'listFeedback',
    description:
      'Reader feedback by status (`open` by default), oldest first, with the article version it was about.',
    responses: { 200: { description: 'A page of feedback', schema: feedbackListSchema } },
    example: { items: [feedbackExample], nextCursor: null } satisfies z.output<typeof feedbackListSchema>,
  },
  'POST /v1/review/feedback/{id}/resolution': {
    operationId: 'resolveFeedback',
    description:
      'Resolves open feedback with a note, audited on the question: `fixed` (the article was corrected), ' +
      '`no_change`, or `re_review`: a new revision of the article, drafted from the current library, goes to the ' +
      'review queue marked `reader_feedback` while the live version keeps serving. Feedback already resolved, or a ' +
      '`re_review` of an article with a revision already under way, is 409.',
    responses: { 200: { description: 'Resolved', schema: feedbackSchema } },
    problems: [409],
    example: {
      ...feedbackExample,
      status: 'resolved',
      resolution: 'fixed',
      note: 'Dose corrected in version 3',
      resolvedBy: 'alice',
      resolvedAt: '2026-12-02T15:00:00.000Z',
    } satisfies z.output<typeof feedbackSchema>,
  },
  'POST /v1/admin/webhooks': {
    operationId: 'registerWebhook',
    description:
      'Registers an endpoint for the event types it names. Deliveries are POSTed signed per Standard Webhooks ' +
      '(`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the secret in this answer, which is never shown ' +
      'again. In AWS the URL must be https to a public host; a URL that is not is 400. 409 past 50 endpoints.',
    responses: { 201: { description: 'Registered', schema: createdWebhookSchema } },
    problems: [409],
    example: {
      ...webhookExample,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    } satisfies z.output<typeof createdWebhookSchema>,
  },
  'GET /v1/admin/webhooks': {
    operationId: 'listWebhooks',
    description: 'Every webhook endpoint with its health; secrets are never listed.',
    responses: { 200: { description: 'The endpoints', schema: webhookEndpointsSchema } },
    example: { items: [webhookExample] } satisfies z.output<typeof webhookEndpointsSchema>,
  },
  'GET /v1/admin/webhooks/{id}/deliveries': {
    operationId: 'listWebhookDeliveries',
    description:
      'Recent delivery attempts to an endpoint, newest first: the event, the status code or error, the duration ' +
      'and when the next attempt is due. A retry carries the same `webhook-id` (the event id).',
    responses: { 200: { description: 'Recent attempts', schema: webhookDeliveriesSchema } },
    example: {
      items: [
        {
          endpointId: webhookExample.id,
          eventId: '0b7c9f7e-7d0c-4c55-9d0e-1f3f5d0f2a11',
          eventType: 'article.published',
          attempt: 2,
          attemptedAt: '2026-12-02T10:00:05.000Z',
          statusCode: 200,
          durationMs: 84,
        },
        {
          endpointId: webhookExample.id,
          eventId: '0b7c9f7e-7d0c-4c55-9d0e-1f3f5d0f2a11',
          eventType: 'article.published',
          attempt: 1,
          attemptedAt: '2026-12-02T10:00:00.000Z',
          statusCode: 503,
          durationMs: 112,
          nextAttemptAt: '2026-12-02T10:00:05.000Z',
        },
      ],
    } satisfies z.output<typeof webhookDeliveriesSchema>,
  },
  'POST /v1/admin/webhooks/{id}/rotation': {
    operationId: 'rotateWebhookSecret',
    description:
      'A new signing secret, shown this once. For a day both the new and the previous secret sign every ' +
      'delivery (two `v1,` signatures), so receivers can switch without missing one.',
    responses: { 200: { description: 'Rotated', schema: webhookRotationSchema } },
    example: {
      id: webhookExample.id,
      secret: 'whsec_Q2hhbmdlZCBzZWNyZXQgZm9yIHRoZSBkb2Nz',
      previousSecretExpiresAt: '2026-12-03T10:00:00.000Z',
    } satisfies z.output<typeof webhookRotationSchema>,
  },
  'DELETE /v1/admin/webhooks/{id}': {
    operationId: 'deleteWebhook',
    description: 'Deletes an endpoint: no further attempt is made, queued retries included.',
    responses: { 204: { description: 'Deleted' } },
    example: undefined,
  },
} satisfies Record<RouteKey, OperationContract>;

export type Operations = typeof operations;
