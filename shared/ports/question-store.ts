import type { AnyEvent } from '../../events/contracts.ts';
import type { AskerHandle } from '../domain/asker-handle.ts';
import type { Draft } from '../domain/draft.ts';
import type { AuditEntry, Question, QuestionStatus } from '../domain/question.ts';
import type { DecisionRecord } from '../domain/review.ts';
import type { ReviewReason } from '../domain/review-cycle.ts';

export interface IdempotencyRecord {
  key: string;
  /** Hash of the request body the key was first used with. */
  bodyHash: string;
  /** The response given the first time, replayed verbatim. */
  response: { statusCode: number; body: unknown };
}

export type CreateQuestionResult =
  | { kind: 'created'; question: Question }
  | { kind: 'duplicate'; question: Question }
  | { kind: 'replay'; record: IdempotencyRecord };

export interface NewQuestion {
  question: Question;
  normalizedQuestion: string;
  audit: AuditEntry;
  idempotency?: IdempotencyRecord;
  /** Events announcing the new question, written in the same transaction (the outbox). */
  events?: AnyEvent[];
}

export interface StoredRevision {
  revision: number;
  /** `system` for generated drafts, the editor's user id for an edit. */
  author: string;
  createdAt: string;
  draft: Draft;
  /** An editor's account of what the revision changes (PUT /draft); approvals may replace it. */
  changeSummary?: string;
  /** A regenerated draft's summary of its diff against the live version (proposeChangeSummary). */
  proposedChangeSummary?: string;
}

export interface RevisionWithDecisions extends StoredRevision {
  decisions: DecisionRecord[];
}

/**
 * One change to a question, written atomically: the question as it is now
 * (conditional on nobody having changed it since it was read), its audit
 * entries, and at most one new revision and one new decision, each of which
 * must not exist yet.
 */
export interface QuestionChange {
  before: Question;
  after: Question;
  audit: AuditEntry[];
  revision?: StoredRevision;
  decision?: { revision: number; record: DecisionRecord };
  /** Events announcing the change, written in the same transaction (the outbox). */
  events?: AnyEvent[];
}

/** Persistence of the question aggregate. Adapters make every write conditional. */
export interface QuestionStore {
  /**
   * Creates the question atomically with its dedup key and idempotency
   * record; tells instead when the same question or the same key came first.
   */
  create(input: NewQuestion): Promise<CreateQuestionResult>;
  /**
   * Records an Idempotency-Key's first response unless the key is known;
   * returns the earlier record when it is (for the caller to replay or refuse).
   */
  rememberIdempotency(record: IdempotencyRecord, at: string): Promise<IdempotencyRecord | undefined>;
  get(id: string): Promise<Question | undefined>;
  /** Stores a new asker's handle on an existing question (its id is new and random: never overwritten). */
  createHandle(handle: AskerHandle): Promise<void>;
  /** The handle with this id, if an asker holds one. */
  getHandle(id: string): Promise<AskerHandle | undefined>;
  /**
   * Applies a change; false when the question changed since `before` was
   * read, or the revision or decision already exists (a concurrent or
   * duplicate writer won). Nothing is written then.
   */
  commit(change: QuestionChange): Promise<boolean>;
  getRevision(questionId: string, revision: number): Promise<RevisionWithDecisions | undefined>;
  listRevisions(questionId: string): Promise<RevisionWithDecisions[]>;
  listAudit(questionId: string): Promise<AuditEntry[]>;
  /**
   * Questions in a status, least recently changed first; `before` (ISO time) keeps only older ones.
   * `reason` keeps only those in review for that reason (reviewReasonOf): a filter over the page
   * read, so a page reads at most `limit` questions and may return fewer, with a cursor to go on.
   */
  listByStatus(
    status: QuestionStatus,
    options: { limit: number; cursor?: string; before?: string; reason?: ReviewReason },
  ): Promise<{ items: Question[]; cursor?: string }>;
}
