import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import type { AuditEntry, Question } from '../../shared/domain/question.ts';
import type { IdempotencyRecord } from '../../shared/ports/question-store.ts';
import { useRuntime } from '../support/runtime.ts';

const runtime = useRuntime({ consumers: false });
const store = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);

/**
 * A question with every field set, the optional ones too. `Required` makes a
 * field added to `Question` a compile error here until the fixture sets it,
 * and then the round trips below fail unless the store reads it back.
 */
const everyField = (): Required<Question> => {
  const at = new Date().toISOString();
  return {
    id: randomUUID(),
    question: `Can I take ibuprofen with my blood pressure pills? ${randomUUID()}`,
    audience: 'clinician',
    status: 'drafting',
    followUpOf: randomUUID(),
    timeline: [
      { status: 'submitted', at },
      { status: 'drafting', at },
    ],
    currentRevision: 2,
    articleSlug: 'ibuprofen-and-blood-pressure-pills',
    failureReason: 'Draft generation kept failing (3 attempts)',
    waiting: { reason: 'The generation budget is spent', until: at },
    draftClaim: { by: 'message-1', at },
    reviewReason: 'scheduled_re_review',
    reviewEvidence: ['demo-hypertension-targets'],
    scheduledReviewFor: at,
    createdAt: at,
    updatedAt: at,
  };
};

const submitted = (question: Question): AuditEntry => ({
  at: question.createdAt,
  actor: 'system',
  action: 'submitted',
  to: 'submitted',
});

const idempotencyRecord = (key: string, questionId: string): IdempotencyRecord => ({
  key,
  bodyHash: `hash-of-${key}`,
  response: { statusCode: 202, body: { id: questionId } },
});

describe('the DynamoDB question store', () => {
  it('reads back every field of a question it wrote, through get, listByStatus and commit', async () => {
    const question = everyField();
    const created = await store().create({
      question,
      normalizedQuestion: question.question.toLowerCase(),
      audit: submitted(question),
    });
    expect(created).toStrictEqual({ kind: 'created', question });
    expect(await store().get(question.id)).toStrictEqual(question);

    const { items } = await store().listByStatus('drafting', { limit: 100 });
    expect(items.find((item) => item.id === question.id)).toStrictEqual(question);

    const later = new Date(Date.parse(question.updatedAt) + 1000).toISOString();
    const after: Required<Question> = {
      ...question,
      status: 'failed',
      timeline: [...question.timeline, { status: 'failed', at: later }],
      draftClaim: { by: 'message-2', at: later },
      updatedAt: later,
    };
    expect(await store().commit({ before: question, after, audit: [] })).toBe(true);
    expect(await store().get(question.id)).toStrictEqual(after);
  });

  it('tells a replayed key from a duplicate question by which write the transaction refused', async () => {
    const first = everyField();
    const normalized = first.question.toLowerCase();
    const key = randomUUID();
    const create = (question: Question, normalizedQuestion: string, idempotencyKey: string) =>
      store().create({
        question,
        normalizedQuestion,
        audit: submitted(question),
        idempotency: idempotencyRecord(idempotencyKey, question.id),
      });
    expect((await create(first, normalized, key)).kind).toBe('created');

    // Same text, new key: the dedup write is refused.
    expect(await create(everyField(), normalized, randomUUID())).toStrictEqual({
      kind: 'duplicate',
      question: first,
    });
    // Same key, other text: the idempotency write is refused.
    const replay = { kind: 'replay', record: idempotencyRecord(key, first.id) };
    expect(await create(everyField(), `${normalized} again`, key)).toStrictEqual(replay);
    // Both refused: the key decides, so a retried request gets its original answer.
    expect(await create(everyField(), normalized, key)).toStrictEqual(replay);
  });
});
