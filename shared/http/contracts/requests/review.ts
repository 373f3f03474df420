import { cleanStrings, stringProblems } from '../../../domain/clean-text.ts';
import { draftContentSchema, generatorInfoSchema } from '../../../domain/draft.ts';
import { QUESTION_STATUSES } from '../../../domain/question.ts';
import { CHANGE_SUMMARY_MAX, DECISIONS } from '../../../domain/review.ts';
import { REVIEW_REASONS } from '../../../domain/review-cycle.ts';
import * as z from '../../../zod.ts';
import type { AreaQueries, AreaRequestBodies } from '../operation-contract.ts';
import { freeText, integerParam, trimmedText } from './parts.ts';

/** Review: a decision, an editor's draft, and the queue's filters. The requests half of ../review.ts, so a handler bundles no response schemas. */

/** What a revision of a live article changes, for readers: trimmed clean text, 1 to 500 characters. */
const changeSummaryField = () =>
  z.optional(
    trimmedText(
      'multiline',
      CHANGE_SUMMARY_MAX,
      'What this revision changes, as readers see it in the version history and the updates feed',
    ),
  );

export const decisionBody = z.strictObject({
  revision: z.int().check(z.positive()),
  decision: z.enum(DECISIONS),
  /** A rejection's reason, or the comments a regenerated draft takes as reviewer feedback. */
  reason: z.optional(freeText('multiline').check(z.maxLength(4000))),
  /** Only with `approve`; replaces the editor's summary of the revision. */
  changeSummary: changeSummaryField(),
});

/** An editor's draft: every string in it is free text (multi-line: claims and reasons may break lines). */
const editorDraft = z.extend(draftContentSchema, { generator: z.optional(generatorInfoSchema) });
type EditorDraft = z.infer<typeof editorDraft>;

export const editorDraftBody = z.strictObject({
  baseRevision: z.int().check(z.positive()),
  changeSummary: changeSummaryField(),
  draft: editorDraft.check(
    z.overwrite<EditorDraft>((draft) => cleanStrings(draft, 'multiline') as EditorDraft),
    z.superRefine<EditorDraft>((draft, context) => {
      for (const { path, message } of stringProblems(draft, 'multiline')) {
        context.issues.push({ code: 'custom', message, input: draft, path });
      }
    }),
  ),
});

export const reviewQueueQuery = z.strictObject({
  status: z._default(z.enum(QUESTION_STATUSES), 'in_review'),
  reason: z.optional(
    z.enum(REVIEW_REASONS).check(
      z.meta({
        description:
          'Only questions in review for this reason; a filtered page may hold fewer than `limit` items and still have a `nextCursor`',
      }),
    ),
  ),
  limit: integerParam(1, 100, 20),
  cursor: z.optional(z.string()),
});

export const requestBodies = {
  'POST /v1/review/questions/{id}/decisions': decisionBody,
  'PUT /v1/review/questions/{id}/draft': editorDraftBody,
} satisfies AreaRequestBodies;
export const queries = { 'GET /v1/review/queue': reviewQueueQuery } satisfies AreaQueries;
