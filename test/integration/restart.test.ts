import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeedbackReceived } from '../../events/contracts.ts';
import { newEvent } from '../../events/factory.ts';
import { type Runtime, startRuntime } from '../../infra/local/runtime.ts';
import { outboxPut } from '../../shared/adapters/dynamodb/outbox-items.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { queuesDrained } from '../support/queues.ts';
import { eventually, readJson, request } from '../support/runtime.ts';

/** Two starts of a runtime on disk (DynamoDB Local, the demo library's index) in one test. */
const RESTART_TEST_TIMEOUT_MS = 120_000;
describe('a restart of the local runtime', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vetted-restart-'));
  let runtime: Runtime | undefined;
  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'loses no question whose draft request was still in the (in-memory) queue',
    async () => {
      // Before: the worker is off, so the draft request sits in the SQS emulator's memory.
      runtime = await startRuntime({
        port: 0,
        storage: 'disk',
        dataDir,
        consumers: false,
        reconcileIntervalSeconds: 0,
      });
      const asked = await request(runtime.url, 'POST', '/v1/questions', {
        body: { question: 'What should I do about a persistent dry cough at night?' },
      });
      expect(asked.status).toBe(202);
      const { id } = await readJson(asked);
      await runtime.stop();

      // After: same data on disk, an empty queue, no reconciler: the outbox's stream, replayed from its
      // trim horizon, carries the draft request written with the question to the drafter again.
      runtime = await startRuntime({ port: 0, storage: 'disk', dataDir, reconcileIntervalSeconds: 0 });
      const current = runtime;
      const question = await eventually(async () => {
        const body = await readJson(await request(current.url, 'GET', `/v1/questions/${id}`));
        return body.status === 'in_review' ? body : undefined;
      }, 20_000);
      expect(question.question).toBe('What should I do about a persistent dry cough at night?');
      // A reconciler run changes nothing; the idempotent worker made exactly one draft.
      expect(await current.reconcile()).toMatchObject({ submitted: 0, drafting: 0 });
      await queuesDrained(current, ['draftRequests']);
      const store = new DynamoQuestionStore(current.platform.dynamo, current.config.tables.questions);
      expect((await store.listRevisions(id)).map((revision) => revision.revision)).toEqual([1]);
    },
    RESTART_TEST_TIMEOUT_MS,
  );
});

describe('a restart of the local runtime with events still in the outbox', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vetted-restart-outbox-'));
  let runtime: Runtime | undefined;
  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'delivers, after the restart, an event written while the relay was down (the stream is replayed)',
    async () => {
      runtime = await startRuntime({ port: 0, storage: 'disk', dataDir, reconcileIntervalSeconds: 0 });
      // The process "dies" right after the transaction: its relay never reads the record.
      await runtime.outbox.stop();
      const event = newEvent<FeedbackReceived>(
        'feedback.received',
        'q-restart',
        {
          feedbackId: `f-${Date.now()}`,
          slug: 's',
          questionId: 'q-restart',
          version: 1,
          kind: 'other',
          message: 'm',
        },
        { at: new Date().toISOString(), id: `feedback.received:restart-${Date.now()}` },
      );
      await runtime.platform.dynamo.send(
        new TransactWriteCommand({
          TransactItems: [outboxPut(runtime.config.tables.outbox, event)] as never,
        }),
      );
      await runtime.stop();

      runtime = await startRuntime({ port: 0, storage: 'disk', dataDir, reconcileIntervalSeconds: 0 });
      const current = runtime;
      await eventually(async () => (current.bus.published.some((e) => e.id === event.id) ? true : undefined));
    },
    RESTART_TEST_TIMEOUT_MS,
  );
});
