/**
 * The shapes of the review API the console reads, from the contract modules the server answers
 * with (shared/http/contracts/, also behind /openapi.json); type-only imports, so nothing of the
 * server is bundled.
 */
import type { feedbackSchema } from '../../../shared/http/contracts/feedback.ts';
import type { problemSchema } from '../../../shared/http/contracts/response-parts.ts';
import type { reviewDetailSchema, reviewQueueSchema } from '../../../shared/http/contracts/review.ts';
import type { sourceSchema, sourceSearchSchema } from '../../../shared/http/contracts/sources.ts';
import type { webhookEndpointSchema } from '../../../shared/http/contracts/webhooks.ts';
import type * as z from '../../../shared/zod.ts';

export type { Role } from '../../../shared/http/routes.ts';

export type ReviewDetail = z.output<typeof reviewDetailSchema>;
export type RevisionView = ReviewDetail['revisions'][number];
export type QueueItem = z.output<typeof reviewQueueSchema>['items'][number];

/** A revision's content as the review API returns it; an editor's submission may omit the generator. */
export type DraftContent = Omit<RevisionView['draft'], 'generator'> & {
  generator?: RevisionView['draft']['generator'];
};
export type Section = DraftContent['sections'][number];
export type Claim = Section['claims'][number];
export type Citation = DraftContent['citations'][number];

/** A library source as `GET /v1/review/sources/{id}` returns it: its text and its passages. */
export type SourceDetail = z.output<typeof sourceSchema>;
/** A library source as `GET /v1/review/sources` lists it. */
export type SourceSummary = z.output<typeof sourceSearchSchema>['items'][number];

export type Feedback = z.output<typeof feedbackSchema>;
export type FeedbackResolution = NonNullable<Feedback['resolution']>;
export type WebhookEndpoint = z.output<typeof webhookEndpointSchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
/** A problem+json body; the console makes one itself (without `type` and `title`) when the network fails. */
export type Problem = Omit<z.output<typeof problemSchema>, 'type' | 'title'> &
  Partial<Pick<z.output<typeof problemSchema>, 'type' | 'title'>>;
