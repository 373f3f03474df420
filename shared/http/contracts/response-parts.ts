import { QUESTION_STATUSES } from '../../domain/question.ts';
import * as z from '../../zod.ts';

/**
 * What the API areas' response schemas share. The response bodies are zod
 * schemas: handlers answer through `reply` (shared/http/reply.ts), typed by them; the OpenAPI
 * document (shared/http/openapi.ts) is generated from them; the test suites
 * validate every response they receive against that document. So what is
 * documented is what is sent.
 *
 * Schemas registered in `responseRegistry` become named components
 * (`#/components/schemas/<id>`) and therefore named types in a generated client.
 */
export const responseRegistry = z.registry<{ id: string; description?: string }>();
export const named = <S extends z.ZodMiniType>(id: string, description: string, schema: S): S => {
  responseRegistry.add(schema, { id, description });
  return schema;
};

export const isoTime = z.string().check(z.meta({ format: 'date-time', description: 'ISO 8601 UTC time' }));
export const slug = z
  .string()
  .check(z.meta({ description: 'URL slug of a published article', example: 'statins-after-75' }));
export const questionStatus = z.enum(QUESTION_STATUSES);
export const cursorPage = <S extends z.ZodMiniType>(item: S) =>
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

/** A notice on a live article (articles and the review detail show the same). */
export const articleNotice = z.object({
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
