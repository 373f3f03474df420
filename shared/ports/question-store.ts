import type { AuditEntry, Question } from '../domain/question.ts';

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
}

/** Persistence of the question aggregate. Adapters make every write conditional. */
export interface QuestionStore {
  /**
   * Creates the question atomically with its dedup key and idempotency
   * record; tells instead when the same question or the same key came first.
   */
  create(input: NewQuestion): Promise<CreateQuestionResult>;
  get(id: string): Promise<Question | undefined>;
  /** Questions in a status since before `before` (ISO time), oldest first. */
  listByStatus(
    status: Question['status'],
    options: { limit: number; cursor?: string; before?: string },
  ): Promise<{ items: Question[]; cursor?: string }>;
}
