import { createHash, randomUUID } from 'node:crypto';
import type { QuestionSubmitted } from '../../events/contracts.ts';
import { draftRequested, newEvent } from '../../events/factory.ts';
import { type AskerHandle, asSeenBy } from '../domain/asker-handle.ts';
import { IdempotencyKeyReuseError, ValidationError } from '../domain/errors.ts';
import { assertMeaningfulQuestion, normalizeQuestion } from '../domain/normalize.ts';
import { type Audience, type Question, SYSTEM_ACTOR } from '../domain/question.ts';
import { type QuestionView, toQuestionView } from '../domain/question-view.ts';
import type { ArticleDirectory } from '../ports/article-directory.ts';
import type { IdempotencyRecord, QuestionStore } from '../ports/question-store.ts';

export interface AskQuestionDeps {
  store: QuestionStore;
  articles: ArticleDirectory;
  now: () => Date;
}

export interface AskQuestionInput {
  question: string;
  audience: Audience;
  followUpOf?: string;
  idempotencyKey?: string;
}

export interface AskQuestionResult {
  /** 202 for every ask, a question asked before included (its asker gets a handle of their own). */
  statusCode: 202;
  body: QuestionView;
  /** True only for the request that stored the question: not for a duplicate or an idempotent replay. */
  created: boolean;
}

const hashBody = (input: AskQuestionInput): string =>
  createHash('sha256')
    .update(JSON.stringify([input.question, input.audience, input.followUpOf ?? null]))
    .digest('hex');

export const askQuestion = async (
  deps: AskQuestionDeps,
  input: AskQuestionInput,
): Promise<AskQuestionResult> => {
  const normalizedQuestion = normalizeQuestion(input.question);
  assertMeaningfulQuestion(normalizedQuestion);
  if (input.followUpOf && !(await deps.articles.isPublished(input.followUpOf))) {
    throw new ValidationError('followUpOf must name a published article', [
      { path: 'followUpOf', message: `no published article with slug "${input.followUpOf}"` },
    ]);
  }
  const at = deps.now().toISOString();
  const question: Question = {
    id: randomUUID(),
    question: input.question,
    audience: input.audience,
    status: 'submitted',
    ...(input.followUpOf ? { followUpOf: input.followUpOf } : {}),
    timeline: [{ status: 'submitted', at }],
    currentRevision: 0,
    createdAt: at,
    updatedAt: at,
  };
  const bodyHash = hashBody(input);
  const response = { statusCode: 202, body: toQuestionView(question) };
  const result = await deps.store.create({
    question,
    normalizedQuestion,
    audit: { at, actor: SYSTEM_ACTOR, action: 'submitted', to: 'submitted' },
    // Only a question that is really created is announced and drafted: both events are written with
    // it (the outbox), and the bus routes the draft request to the draft-requests queue.
    events: [submittedEvent(question, at), firstDraftRequest(question, at)],
    ...(input.idempotencyKey ? { idempotency: { key: input.idempotencyKey, bodyHash, response } } : {}),
  });

  switch (result.kind) {
    case 'replay':
      return replay(result.record, bodyHash);
    case 'duplicate': {
      // The drafting work is shared; the link is not: this asker gets a handle of their own.
      const handle: AskerHandle = {
        id: randomUUID(),
        questionId: result.question.id,
        question: input.question,
        audience: input.audience,
        ...(input.followUpOf ? { followUpOf: input.followUpOf } : {}),
        createdAt: at,
      };
      await deps.store.createHandle(handle);
      const answer: AskQuestionResult = {
        statusCode: 202,
        body: toQuestionView(asSeenBy(result.question, handle)),
        created: false,
      };
      if (!input.idempotencyKey) return answer;
      // The key must answer the same way next time, and refuse another body, even on this path.
      const earlier = await deps.store.rememberIdempotency(
        {
          key: input.idempotencyKey,
          bodyHash,
          response: { statusCode: answer.statusCode, body: answer.body },
        },
        at,
      );
      return earlier ? replay(earlier, bodyHash) : answer;
    }
    case 'created':
      return { ...response, created: true } as AskQuestionResult;
  }
};

const replay = (record: IdempotencyRecord, bodyHash: string): AskQuestionResult => {
  if (record.bodyHash !== bodyHash) {
    throw new IdempotencyKeyReuseError('This Idempotency-Key was already used with a different request body');
  }
  return { ...(record.response as Omit<AskQuestionResult, 'created'>), created: false };
};

/** `question.submitted`, written with the question; its id is the question's, stable through retries. */
const submittedEvent = (question: Question, at: string): QuestionSubmitted =>
  newEvent<QuestionSubmitted>(
    'question.submitted',
    question.id,
    {
      questionId: question.id,
      question: question.question,
      audience: question.audience,
      ...(question.followUpOf ? { followUpOf: question.followUpOf } : {}),
    },
    { at, id: `question.submitted:${question.id}` },
  );

/** The request for revision 1, written with the question; its id is stable through retries of the write. */
const firstDraftRequest = (question: Question, at: string) =>
  draftRequested(question.id, 1, 'submitted', at, `draft.requested:${question.id}:1`);
