/** The shapes of the review API the console reads (see /openapi.json); type-only imports, so nothing of the server is bundled. */
import type { Draft } from '../../../shared/domain/draft.ts';
import type { problemSchema } from '../../../shared/http/contracts/response-parts.ts';
import type { reviewDetailSchema, reviewQueueSchema } from '../../../shared/http/contracts/review.ts';
import type * as z from '../../../shared/zod.ts';

export type { Citation, Claim, Section } from '../../../shared/domain/draft.ts';

import type { Source } from '../../../shared/domain/source.ts';

export type { Source };

/** A library source as `GET /v1/review/sources/{id}` returns it: its text and its passages. */
export type SourceDetail = Source & {
  passages?: { id: string; section: string[]; text: string }[];
};
export type { Role } from '../../../shared/http/routes.ts';
export type { SourceSummary } from '../../../shared/use-cases/browse-sources.ts';

/** A revision's content as the review API returns it (editors' submissions may omit the generator). */
export type DraftContent = Omit<Draft, 'generator'> & { generator?: Draft['generator'] };
/** The review API's bodies, from the contract the server answers with (shared/http/contracts/). */
export type ReviewDetail = z.output<typeof reviewDetailSchema>;
export type RevisionView = ReviewDetail['revisions'][number];
export type DecisionView = RevisionView['decisions'][number];
export type AuditView = ReviewDetail['audit'][number];
export type QueueItem = z.output<typeof reviewQueueSchema>['items'][number];
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
/** A problem+json body; the console makes one itself (without `type` and `title`) when the network fails. */
export type Problem = Omit<z.output<typeof problemSchema>, 'type' | 'title'> &
  Partial<Pick<z.output<typeof problemSchema>, 'type' | 'title'>>;
