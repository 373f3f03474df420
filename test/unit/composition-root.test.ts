import { afterAll, describe, expect, it } from 'vitest';
import * as draftingPorts from '../../shared/composition/drafting.ts';
import * as libraryPorts from '../../shared/composition/library.ts';
import * as queuePorts from '../../shared/composition/queues.ts';
import { type CompositionRoot, compositionRoot } from '../../shared/composition/root.ts';
import * as servicePorts from '../../shared/composition/services.ts';
import * as tablePorts from '../../shared/composition/tables.ts';
import * as webhookPorts from '../../shared/composition/webhook-delivery.ts';
import { loadConfig } from '../../shared/config.ts';
import { createPlatform } from '../../shared/platform.ts';

// SDK clients are built offline; nothing here sends a request.
const platform = createPlatform(loadConfig({ AWS_REGION: 'eu-west-1', DRAFT_GENERATOR: 'local' }));
afterAll(() => {
  platform.dynamo.destroy();
  platform.sqs.destroy();
  platform.s3.destroy();
});

type Factory = (root: CompositionRoot) => unknown;
/** Every port factory, called as a handler calls it. */
const factories: Record<string, Factory> = {
  ...(tablePorts as Record<string, Factory>),
  ...(queuePorts as Record<string, Factory>),
  ...(libraryPorts as Record<string, Factory>),
  ...(draftingPorts as unknown as Record<string, Factory>),
  ...(servicePorts as unknown as Record<string, Factory>),
  ...(webhookPorts as Record<string, Factory>),
  draftGenerator: (root) => draftingPorts.draftGenerator(root, undefined),
  businessMetrics: (root) => servicePorts.businessMetrics(root, 'review-api'),
};

describe('the composition root', () => {
  it.each(Object.keys(factories))('builds %s once per container', (name) => {
    const factory = factories[name] as Factory;
    const root = compositionRoot(platform);
    const first = factory(root);
    expect(factory(root)).toBe(first);
    // Another container builds its own (the CDN is absent without a distribution, in both).
    const other = factory(compositionRoot(platform));
    if (first === undefined) expect(other).toBeUndefined();
    else expect(other).not.toBe(first);
  });

  it('gives every port its own name, so no factory hands out another port', () => {
    const root = compositionRoot(platform);
    for (const factory of Object.values(factories)) factory(root);
    expect(root.built.size).toBe(Object.keys(factories).length);
  });

  it('wires the configured tables and queues into the adapters', () => {
    const root = compositionRoot(platform, { writesEvents: true });
    expect(tablePorts.questions(root)).toMatchObject({
      tableName: platform.config.tables.questions,
      outboxTable: platform.config.tables.outbox,
    });
    expect(tablePorts.publications(root)).toMatchObject({ outboxTable: platform.config.tables.outbox });
    expect(queuePorts.withdrawalPages(root)).toMatchObject({
      queueUrl: platform.config.queues.sourceWithdrawals,
    });
  });

  it('gives stores no outbox table in a function that announces nothing', () => {
    const root = compositionRoot(platform);
    expect(tablePorts.questions(root)).toMatchObject({ outboxTable: undefined });
    expect(tablePorts.retractions(root)).toMatchObject({ outboxTable: undefined });
  });
});
