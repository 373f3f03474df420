import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/aws/paths.ts';
import {
  draftingEnvironment,
  type FunctionDescription,
  type FunctionName,
  functions,
} from '../../infra/resources.ts';
import { type Config, loadConfig } from '../../shared/config.ts';
import { createPlatform, type Platform } from '../../shared/platform.ts';

/**
 * A platform that notes which tables and queues of its configuration are read, and whether
 * its bus is taken: a handler reads them while its composition root builds its ports.
 */
const recordingPlatform = () => {
  const config = loadConfig({
    ...draftingEnvironment(),
    AWS_REGION: 'eu-west-1',
    // A limited budget, so the generator's budget store is built too.
    GENERATION_BUDGET_CALLS_PER_DAY: '10',
  });
  const used = { tables: new Set<string>(), queues: new Set<string>(), events: false };
  const watch = <K extends 'tables' | 'queues'>(kind: K): Config[K] =>
    new Proxy(config[kind], {
      get: (target, key, receiver) => {
        if (typeof key === 'string') used[kind].add(key);
        return Reflect.get(target, key, receiver);
      },
    });
  const base = createPlatform({ ...config, tables: watch('tables'), queues: watch('queues') });
  const platform: Platform = {
    ...base,
    get events() {
      used.events = true;
      return base.events;
    },
  };
  const destroy = () => {
    for (const client of [base.dynamo, base.sqs, base.s3]) client.destroy();
  };
  return { platform, used, destroy };
};

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

const withPlatform = (Object.entries(functions) as [FunctionName, FunctionDescription][]).filter(
  ([name]) => name !== 'console',
);

// The local runtime hands every function the whole configuration, so a handler using a table,
// queue or the bus its description does not bind works locally and fails only in AWS.
describe('handlers use exactly the resources their descriptions bind', () => {
  it.each(withPlatform)(
    '%s: the tables, queues and bus its ports are built with',
    async (_name, description) => {
      const module = (await import(join(repoRoot, description.entry))) as {
        createHandler: (platform: Platform) => unknown;
      };
      const { platform, used, destroy } = recordingPlatform();
      cleanups.push(destroy);
      module.createHandler(platform);
      expect([...used.tables].sort(), 'config.tables.* read').toEqual(Object.keys(description.tables).sort());
      expect([...used.queues].sort(), 'config.queues.* read').toEqual([...description.sendsTo].sort());
      expect(used.events, 'platform.events taken').toBe(description.publishesEvents);
    },
  );

  it('console: binds nothing and is built from options, not a platform', () => {
    expect(Object.keys(functions.console.tables)).toEqual([]);
    expect(functions.console.sendsTo).toEqual([]);
    expect(functions.console.publishesEvents).toBe(false);
  });
});
