import { draftSchema } from '../../domain/draft.ts';
import { AUDIENCES } from '../../domain/question.ts';
import { DECISIONS } from '../../domain/review.ts';
import { REVIEW_REASONS } from '../../domain/review-cycle.ts';
import * as z from '../../zod.ts';
import { draftExample, questionExample } from './examples.ts';
import type { AreaOperations } from './operation-contract.ts';
import { articleNotice, cursorPage, isoTime, named, questionStatus, slug } from './response-parts.ts';

/** The review area: the queue, a question under review, decisions and editors' revisions. */

// Its routes' request schemas (what handlers parse) are in ./requests/review.ts: apart, so no handler
// bundles response schemas.

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

export const operations = {
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
} satisfies AreaOperations;
