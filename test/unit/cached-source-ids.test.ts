import { describe, expect, it } from 'vitest';
import { CachedSourceIds } from '../../shared/adapters/cached-source-ids.ts';

/** A library whose ids a test changes, counting reads. */
const fakeLibrary = (initial: string[]) => {
  const state = { ids: new Set(initial), reads: 0 };
  return {
    state,
    library: {
      sourceIds: async () => {
        state.reads++;
        return new Set(state.ids);
      },
    },
  };
};

const clock = () => {
  const time = { now: 0 };
  return { time, now: () => time.now };
};

describe('the cached library source ids', () => {
  it('reads the library once, then answers from the cache until it is too old', async () => {
    const { state, library } = fakeLibrary(['a']);
    const { time, now } = clock();
    const cache = new CachedSourceIds(library, { maxAgeMs: 60_000, missRefreshMs: 5_000, now });
    expect([...(await cache.sourceIds(['a']))]).toEqual(['a']);
    time.now = 59_999;
    await cache.sourceIds(['a']);
    expect(state.reads).toBe(1);
    state.ids.add('b');
    time.now = 60_000;
    expect([...(await cache.sourceIds())].sort()).toEqual(['a', 'b']);
    expect(state.reads).toBe(2);
  });

  it('re-reads when a cited id is missing (a load added it), at most once per missRefreshMs', async () => {
    const { state, library } = fakeLibrary(['a']);
    const { time, now } = clock();
    const cache = new CachedSourceIds(library, { maxAgeMs: 60_000, missRefreshMs: 5_000, now });
    await cache.sourceIds(['a']);
    state.ids.add('new');
    time.now = 1_000;
    expect((await cache.sourceIds(['new'])).has('new')).toBe(false);
    expect(state.reads).toBe(1);
    time.now = 5_000;
    expect((await cache.sourceIds(['new'])).has('new')).toBe(true);
    expect(state.reads).toBe(2);
    // A truly unknown id does not turn every call into a read.
    time.now = 6_000;
    expect((await cache.sourceIds(['never-loaded'])).has('never-loaded')).toBe(false);
    expect(state.reads).toBe(2);
  });

  it('shares one read between concurrent callers, and retries after a failed read', async () => {
    let reads = 0;
    let fail = true;
    const cache = new CachedSourceIds(
      {
        sourceIds: async () => {
          reads++;
          await new Promise((resolve) => setImmediate(resolve));
          if (fail) throw new Error('DynamoDB is down');
          return new Set(['a']);
        },
      },
      { maxAgeMs: 60_000, missRefreshMs: 5_000 },
    );
    const failed = await Promise.allSettled([cache.sourceIds(), cache.sourceIds()]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(reads).toBe(1);
    fail = false;
    const [first, second] = await Promise.all([cache.sourceIds(), cache.sourceIds()]);
    expect(first.has('a') && second.has('a')).toBe(true);
    expect(reads).toBe(2);
  });
});
