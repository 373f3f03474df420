import { describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../events/contracts.ts';
import { newEvent } from '../../events/factory.ts';
import { outboxPut } from '../../shared/adapters/dynamodb/outbox-items.ts';
import { toOutboxRecord } from '../../shared/adapters/dynamodb/outbox-records.ts';
import type { EventPublisher } from '../../shared/ports/event-publisher.ts';
import { relayOutbox } from '../../shared/use-cases/relay-outbox.ts';

const event = (n: number): AnyEvent =>
  newEvent(
    'article.retracted',
    `slug-${n}`,
    { questionId: `q${n}`, slug: `slug-${n}`, version: 1, revision: 1, reason: 'r' },
    {
      at: '2026-12-07T10:00:00.000Z',
      id: `article.retracted:q${n}:1`,
    },
  );

/** A bus that fails the puts of the given event ids (a unit test's fake port). */
const busFailing = (failing: Set<string>) => {
  const put: string[] = [];
  const bus: EventPublisher = {
    publish: async (published) => {
      if (failing.has(published.id)) throw new Error('PutEvents failed');
      put.push(published.id);
    },
  };
  return { bus, put };
};

/** The stream record DynamoDB writes for an outbox item (NEW_IMAGE), as Lambda and GetRecords deliver it. */
const insertRecord = (sequence: number, published: AnyEvent) => {
  const item = outboxPut('outbox', published).Put.Item;
  return {
    eventName: 'INSERT',
    dynamodb: {
      SequenceNumber: String(sequence),
      NewImage: Object.fromEntries(
        Object.entries(item).map(([name, value]) => [
          name,
          typeof value === 'number' ? { N: String(value) } : { S: value },
        ]),
      ),
    },
  };
};

describe('the outbox relay', () => {
  it('puts every inserted envelope on the bus, in stream order, as written', async () => {
    const { bus, put } = busFailing(new Set());
    const records = [1, 2, 3].map((n) => toOutboxRecord(insertRecord(n, event(n))));
    expect(records[0]?.event).toEqual(event(1));
    expect(await relayOutbox(bus, records)).toEqual({ delivered: 3 });
    expect(put).toEqual([event(1).id, event(2).id, event(3).id]);
  });

  it('stops at the first failed put and names it, so the stream resumes there and nothing after it is skipped', async () => {
    const { bus, put } = busFailing(new Set([event(2).id]));
    const records = [1, 2, 3].map((n) => toOutboxRecord(insertRecord(n * 10, event(n))));
    const failures: string[] = [];
    const result = await relayOutbox(bus, records, (failed) => failures.push(failed.id));
    expect(result).toEqual({ delivered: 1, failedAt: '20' });
    expect(put).toEqual([event(1).id]);
    expect(failures).toEqual([event(2).id]);
  });

  it('relays no TTL expiry (REMOVE) or modification, only INSERTs', () => {
    const insert = insertRecord(5, event(5));
    expect(toOutboxRecord({ ...insert, eventName: 'REMOVE' })).toEqual({ sequenceNumber: '5' });
    expect(toOutboxRecord({ ...insert, eventName: 'MODIFY' })).toEqual({ sequenceNumber: '5' });
    expect(toOutboxRecord(insert).event?.id).toBe(event(5).id);
  });

  it('keys the outbox item by the envelope id and expires it a week after the event', () => {
    const { Item } = outboxPut('outbox', event(7)).Put;
    expect(Item.pk).toBe('EVENT#article.retracted:q7:1');
    expect(Item.expiresAt).toBe(Date.parse('2026-12-14T10:00:00.000Z') / 1000);
    expect(JSON.parse(Item.envelope as string)).toEqual(event(7));
  });
});
