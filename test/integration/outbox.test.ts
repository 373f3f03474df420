import { DeleteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../events/contracts.ts';
import { newEvent } from '../../events/factory.ts';
import { outboxPut } from '../../shared/adapters/dynamodb/outbox-items.ts';
import { failingRelay } from '../support/faults.ts';
import { eventually, useRuntime } from '../support/runtime.ts';

const runtime = useRuntime();
let counter = 0;

const feedback = (): AnyEvent => {
  const n = `${Date.now().toString(36)}-${++counter}`;
  return newEvent(
    'feedback.received',
    `q-${n}`,
    { questionId: `q-${n}`, slug: `s-${n}`, feedbackId: `f-${n}`, version: 1, kind: 'error', message: 'x' },
    { at: new Date().toISOString(), id: `feedback.received:${n}` },
  );
};

/** Writes events to the outbox the way every use case does: Puts of one TransactWriteItems. */
const writeToOutbox = (events: AnyEvent[]) =>
  runtime().platform.dynamo.send(
    new TransactWriteCommand({
      TransactItems: events.map((event) => outboxPut(runtime().config.tables.outbox, event)) as never,
    }),
  );

const deliveries = (event: AnyEvent) =>
  runtime().bus.published.filter((published) => published.id === event.id);

describe('the outbox, relayed to the bus through the DynamoDB Streams API', () => {
  it('puts events written to the outbox on the bus within a second or two, in the order written', async () => {
    const events = [feedback(), feedback(), feedback()];
    await writeToOutbox(events);
    await eventually(
      async () => (events.every((e) => deliveries(e).length > 0) ? true : undefined),
      5000,
      50,
    );
    const order = runtime().bus.published.map((published) => published.id);
    expect(events.map((e) => order.indexOf(e.id))).toEqual(
      [...events.map((e) => order.indexOf(e.id))].sort((a, b) => a - b),
    );
    expect(deliveries(events[0] as AnyEvent)[0]).toEqual(events[0]);
  });

  it('does not relay the REMOVE of an outbox item (what a TTL expiry writes to the stream)', async () => {
    const [kept, marker] = [feedback(), feedback()];
    await writeToOutbox([kept]);
    await eventually(async () => (deliveries(kept).length > 0 ? true : undefined), 5000, 50);
    const { pk, sk } = outboxPut(runtime().config.tables.outbox, kept).Put.Item;
    await runtime().platform.dynamo.send(
      new DeleteCommand({ TableName: runtime().config.tables.outbox, Key: { pk, sk } }),
    );
    // Records are relayed in order: once the marker written after the delete is out, the delete was read.
    await writeToOutbox([marker]);
    await eventually(async () => (deliveries(marker).length > 0 ? true : undefined), 5000, 50);
    expect(deliveries(kept)).toHaveLength(1);
  });

  it('keeps events written while the relay is down or failing, and delivers them once a relay is back', async () => {
    const rt = runtime();
    await rt.outbox.stop();
    const waiting = [feedback(), feedback()];
    await writeToOutbox(waiting);
    const failing = failingRelay(rt);
    try {
      rt.outbox.start(failing.handler);
      // The failing relay reads the records and tries them: wait until it has failed on the first.
      const before = rt.bus.published.length;
      // It reads the records, fails on the first, and tries it again from there.
      await eventually(async () => (failing.failed.batches >= 2 ? true : undefined), 5000, 50);
      await rt.outbox.stop();
      expect(rt.bus.published.length).toBe(before);
      expect(waiting.flatMap(deliveries)).toEqual([]);
    } finally {
      failing.destroy();
    }
    rt.outbox.start();
    await eventually(
      async () => (waiting.every((e) => deliveries(e).length > 0) ? true : undefined),
      5000,
      50,
    );
  });

  it('a new relay resumes after the last delivered record: nothing delivered again, nothing skipped', async () => {
    const rt = runtime();
    const first = feedback();
    await writeToOutbox([first]);
    await eventually(async () => (deliveries(first).length > 0 ? true : undefined), 5000, 50);
    await rt.outbox.stop();
    const second = feedback();
    await writeToOutbox([second]);
    rt.outbox.start();
    await eventually(async () => (deliveries(second).length > 0 ? true : undefined), 5000, 50);
    expect(deliveries(first)).toHaveLength(1);
    expect(deliveries(second)).toHaveLength(1);
  });
});
