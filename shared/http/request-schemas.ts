import {
  cleanStrings,
  cleanText,
  stringProblems,
  type TextShape,
  textProblem,
} from '../domain/clean-text.ts';
import { draftContentSchema, generatorInfoSchema } from '../domain/draft.ts';
import {
  FEEDBACK_KINDS,
  FEEDBACK_LIMITS,
  FEEDBACK_RESOLUTIONS,
  FEEDBACK_STATUSES,
} from '../domain/feedback.ts';
import { AUDIENCES, QUESTION_STATUSES } from '../domain/question.ts';
import { EDGE_KINDS, MAX_DEPTH, MAX_GRAPH_NODES, MIN_DEPTH } from '../domain/related-graph.ts';
import { CHANGE_SUMMARY_MAX, DECISIONS } from '../domain/review.ts';
import { REVIEW_REASONS } from '../domain/review-cycle.ts';
import { NONE_DECLARED, PROFILE_LIMITS } from '../domain/reviewer.ts';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook.ts';
import { MAX_RETRACTION_REASON } from '../use-cases/retract-article.ts';
import * as z from '../zod.ts';

/** Refuses what clean text refuses (shared/domain/clean-text.ts), naming the character. */
const cleanTextCheck = (shape: TextShape) =>
  z.superRefine<string>((text, context) => {
    const problem = textProblem(text, shape);
    if (problem) context.issues.push({ code: 'custom', message: problem, input: text });
  });

/**
 * Free text a person writes: NFC-normalised (and a paragraph's line breaks folded) first, so the
 * length limits after it count what is stored, then refused if it still carries what clean text
 * refuses.
 */
const freeText = (shape: TextShape) =>
  z.string().check(
    z.overwrite<string>((text) => cleanText(text, shape)),
    cleanTextCheck(shape),
  );

/** Request body schemas of the API, by route key: handlers parse with them, the OpenAPI document shows them. */
export const askQuestionBody = z.strictObject({
  question: freeText('paragraph').check(
    z.refine((text) => text.trim().length >= 10, 'must be at least 10 characters'),
    z.refine((text) => text.length <= 2000, 'must be at most 2000 characters'),
    z.meta({ description: 'The question, 10 to 2000 characters' }),
  ),
  audience: z._default(z.enum(AUDIENCES), 'patient'),
  followUpOf: z.optional(
    z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be an article slug'), z.maxLength(200)),
  ),
});

/** Free text trimmed, then cleaned and refused as clean text says: not blank, at most `max` characters. */
const trimmedText = (shape: TextShape, max: number, description: string) =>
  z.string().check(
    // Trimmed first: a trailing newline pasted with a name is whitespace, not a second line.
    z.trim(),
    z.overwrite<string>((text) => cleanText(text, shape)),
    cleanTextCheck(shape),
    z.minLength(1, 'must not be blank'),
    z.maxLength(max, `must be at most ${max} characters`),
    z.meta({ description }),
  );

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

export const retractionBody = z.strictObject({
  reason: freeText('multiline').check(
    z.maxLength(MAX_RETRACTION_REASON),
    z.refine((reason) => reason.trim().length > 0, 'must not be blank'),
  ),
});

/** A library source's id, as the catalogue and citations name it. */
const sourceIdField = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

export const withdrawalBody = z.strictObject({
  reason: freeText('multiline').check(
    z.maxLength(MAX_RETRACTION_REASON),
    z.refine((reason) => reason.trim().length > 0, 'must not be blank'),
    z.meta({ description: 'Why the source is withdrawn; reviewers see it with each re-review' }),
  ),
  supersededBy: z.optional(
    sourceIdField.check(z.meta({ description: 'The library source that replaces it, if one does' })),
  ),
});

/** A profile field: trimmed, not blank, at most `max` characters, one line. */
const profileField = (max: number, description: string) => trimmedText('line', max, description);

export const reviewerProfileBody = z.strictObject({
  displayName: profileField(PROFILE_LIMITS.displayName, 'The name readers see, e.g. "Dr. Rita Okafor"'),
  credentials: profileField(PROFILE_LIMITS.credentials, 'Degrees and certifications, e.g. "MD, FACC"'),
  specialty: profileField(PROFILE_LIMITS.specialty, 'e.g. "Cardiology"'),
  affiliation: z.optional(
    profileField(PROFILE_LIMITS.affiliation, 'Where the reviewer works, e.g. "St Mary\'s Hospital, London"'),
  ),
  disclosures: z._default(
    freeText('multiline').check(
      z.minLength(1, 'must not be blank'),
      z.maxLength(PROFILE_LIMITS.disclosures, `must be at most ${PROFILE_LIMITS.disclosures} characters`),
      z.refine((text) => text.trim().length > 0, 'must not be blank'),
      z.meta({
        description: 'Conflicts of interest, shown with each approval; "None declared" when omitted',
      }),
    ),
    NONE_DECLARED,
  ),
});

/** A reviewer's own edit of their profile: the affiliation (absent removes it) and the disclosures. */
export const ownProfileBody = z.strictObject({
  affiliation: reviewerProfileBody.shape.affiliation,
  disclosures: reviewerProfileBody.shape.disclosures,
});

/** A token subject in a path: the reviewer it names (Cognito subjects are UUIDs; local ones are user names). */
export const reviewerSubjectParam = z.string().check(
  z.maxLength(128, 'must be at most 128 characters'),
  z.refine((subject) => subject.trim().length > 0, 'must not be blank'),
  z.refine((subject) => !/\p{Cc}/u.test(subject), 'must not contain control characters'),
);

/** A whole number from a query string, in a range, parsed the same on every route ("5", not "5.0", "5e0" or " 5"). */
export const integerParam = (min: number, max: number, fallback: number) =>
  z._default(
    z.pipe(
      z.pipe(
        z.string().check(z.regex(/^\d{1,4}$/, `must be a whole number from ${min} to ${max}`)),
        z.transform(Number),
      ),
      z.int().check(z.gte(min, `must be at least ${min}`), z.lte(max, `must be at most ${max}`)),
    ),
    fallback,
  );

export const feedbackBody = z.strictObject({
  kind: z.enum(FEEDBACK_KINDS, `must be one of ${FEEDBACK_KINDS.join(', ')}`),
  message: freeText('multiline').check(
    z.trim(),
    z.minLength(FEEDBACK_LIMITS.messageMin, `must be at least ${FEEDBACK_LIMITS.messageMin} characters`),
    z.maxLength(FEEDBACK_LIMITS.messageMax, `must be at most ${FEEDBACK_LIMITS.messageMax} characters`),
    z.meta({ description: 'What is wrong, in the reader’s words; never published' }),
  ),
  contact: z.optional(
    freeText('line').check(
      z.trim(),
      z.maxLength(FEEDBACK_LIMITS.contact, `must be at most ${FEEDBACK_LIMITS.contact} characters`),
      z.meta({ description: 'How a reviewer may reach you (optional); reviewers only' }),
    ),
  ),
});

export const feedbackQuery = z.strictObject({
  status: z._default(z.enum(FEEDBACK_STATUSES), 'open'),
  questionId: z.optional(
    z.uuid().check(
      z.meta({
        description:
          "Only the feedback on this question's article, newest first: its `limit` latest reports, filtered by status",
      }),
    ),
  ),
  limit: integerParam(1, 100, 20),
  cursor: z.optional(z.string()),
});

export const feedbackResolutionBody = z.strictObject({
  resolution: z.enum(FEEDBACK_RESOLUTIONS, `must be one of ${FEEDBACK_RESOLUTIONS.join(', ')}`),
  note: freeText('multiline').check(
    z.trim(),
    z.minLength(1, 'must not be blank'),
    z.maxLength(FEEDBACK_LIMITS.note, `must be at most ${FEEDBACK_LIMITS.note} characters`),
  ),
});

export const webhookBody = z.strictObject({
  url: z
    .string({ message: 'is required' })
    .check(
      z.maxLength(2000, 'must be at most 2000 characters'),
      z.meta({ description: 'Where deliveries are POSTed: https (http to 127.0.0.1 in the local runtime)' }),
    ),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, `each must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`))
    .check(z.minLength(1, 'must name at least one event type'), z.maxLength(WEBHOOK_EVENT_TYPES.length * 2)),
  description: z.optional(
    freeText('line').check(z.trim(), z.maxLength(200, 'must be at most 200 characters')),
  ),
});

export const webhookDeliveriesQuery = z.strictObject({ limit: integerParam(1, 100, 20) });

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

export const sourceSearchQuery = z.strictObject({
  q: z.optional(z.string().check(z.trim(), z.maxLength(200, 'must be at most 200 characters'))),
  limit: integerParam(1, 50, 10),
});

export const listQuery = z.object({
  limit: integerParam(1, 100, 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  topic: z.optional(z.string().check(z.trim(), z.minLength(1, 'must not be blank'), z.maxLength(200))),
  updatedSince: z.optional(
    z.pipe(
      z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z' }),
      z.transform((value) => new Date(value).toISOString()),
    ),
  ),
});

export const updatesQuery = z.strictObject({
  since: z
    .optional(
      z.pipe(
        z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z' }),
        z.transform((value) => new Date(value).toISOString()),
      ),
    )
    .check(z.meta({ description: 'Only changes at or after this time' })),
  limit: integerParam(1, 100, 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

export const articleQuery = z.object({ audience: z._default(z.enum(AUDIENCES), 'clinician') });

/** The asker's answer: in the audience the question was asked for unless `?audience=` says otherwise. */
export const answerQuery = z.object({ audience: z.optional(z.enum(AUDIENCES)) });

export const relatedQuery = z.object({
  depth: integerParam(MIN_DEPTH, MAX_DEPTH, 1),
  limit: integerParam(1, MAX_GRAPH_NODES, 20),
  kinds: z
    .optional(
      z.pipe(
        z.pipe(
          z.string(),
          z.transform((value) => value.split(',').map((kind) => kind.trim())),
        ),
        z.array(z.enum(EDGE_KINDS, `each must be one of ${EDGE_KINDS.join(', ')}`)).check(z.minLength(1)),
      ),
    )
    .check(
      z.meta({
        description: `Comma-separated edge kinds to follow (${EDGE_KINDS.join(', ')}); all by default`,
      }),
    ),
});

export const searchQuery = z.object({
  q: z.string({ message: 'is required' }).check(
    z.maxLength(200, 'must be at most 200 characters'),
    z.refine((q) => q.trim().length > 0, 'must not be blank'),
  ),
  limit: integerParam(1, 50, 20),
});

const jsonSchema = (schema: z.ZodMiniType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export const requestBodySchemas = (): Record<string, unknown> => ({
  'POST /v1/questions': jsonSchema(askQuestionBody),
  'POST /v1/review/questions/{id}/decisions': jsonSchema(decisionBody),
  'PUT /v1/review/questions/{id}/draft': jsonSchema(editorDraftBody),
  'DELETE /v1/admin/articles/{slug}': jsonSchema(retractionBody),
  'POST /v1/admin/sources/{id}/withdrawal': jsonSchema(withdrawalBody),
  'PUT /v1/admin/reviewers/{subject}': jsonSchema(reviewerProfileBody),
  'PUT /v1/review/profile': jsonSchema(ownProfileBody),
  'POST /v1/admin/webhooks': jsonSchema(webhookBody),
  'POST /v1/articles/{slug}/feedback': jsonSchema(feedbackBody),
  'POST /v1/review/feedback/{id}/resolution': jsonSchema(feedbackResolutionBody),
});

/** Query parameter schemas by route key, for the OpenAPI document. */
export const querySchemas = (): Record<string, z.ZodMiniObject> => ({
  'GET /v1/articles': listQuery,
  'GET /v1/articles/{slug}': articleQuery,
  'GET /v1/questions/{id}/answer': answerQuery,
  'GET /v1/articles/{slug}/related': relatedQuery,
  'GET /v1/search': searchQuery,
  'GET /v1/updates': updatesQuery,
  'GET /v1/review/queue': reviewQueueQuery,
  'GET /v1/review/sources': sourceSearchQuery,
  'GET /v1/admin/webhooks/{id}/deliveries': webhookDeliveriesQuery,
  'GET /v1/review/feedback': feedbackQuery,
});
