/** The shapes of the review API the console reads (see /openapi.json); type-only imports, so nothing of the server is bundled. */
import type { Draft } from '../../../shared/domain/draft.ts';

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
export interface DecisionView {
  reviewer: string;
  decision: 'approve' | 'reject' | 'request_changes';
  reason?: string;
  at: string;
}
export interface RevisionView {
  revision: number;
  author: string;
  createdAt: string;
  draft: DraftContent;
  decisions: DecisionView[];
}
export interface AuditView {
  at: string;
  actor: string;
  action: string;
  from?: string;
  to?: string;
  revision?: number;
  reason?: string;
}
export interface ReviewDetail {
  question: {
    id: string;
    question: string;
    audience: string;
    status: string;
    articleSlug?: string;
    currentRevision?: number;
    timeline: { status: string; at: string }[];
  };
  revisions: RevisionView[];
  audit: AuditView[];
}
export interface QueueItem {
  id: string;
  question: string;
  status: string;
  /** Why it is in review: new_question, revision, scheduled_re_review, reader_feedback or source_withdrawn. */
  reason: string;
  revision: number;
  submittedAt: string;
  updatedAt: string;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}
