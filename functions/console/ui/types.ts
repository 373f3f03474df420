/** The shapes of the review API the console reads (see /openapi.json). */
export type Role = 'reviewer' | 'editor' | 'admin';

export interface Claim {
  text: string;
  citations: number[];
}
export interface Section {
  heading: string;
  claims: Claim[];
}
export interface Citation {
  n: number;
  title: string;
  publisher?: string;
  year?: number;
  url?: string;
  sourceId?: string;
}
export interface DraftContent {
  title: string;
  bottomLine: string;
  sections: Section[];
  citations: Citation[];
  patient: { bottomLine: string; sections: Section[] };
  suggestedQuestions: string[];
  flags?: string[];
  generator?: { adapter: string; model: string; promptVersion: string };
}
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
  revision: number;
  submittedAt: string;
  updatedAt: string;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface SourceSummary {
  id: string;
  title: string;
  publisher: string;
  year: number;
  url: string;
  excerpt: string;
}
export interface Source extends Omit<SourceSummary, 'excerpt'> {
  text: string;
}
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}
