import { describe, expect, it } from 'vitest';
import { containerPool } from '../../../infra/local/container-pool.ts';

/** A handler instance that notices when it is given an event while another is still running on it. */
const instance = () => {
  let busy = false;
  const self = {
    overlapped: false,
    events: 0,
    handle: async (release: Promise<void>) => {
      if (busy) self.overlapped = true;
      busy = true;
      self.events += 1;
      await release;
      busy = false;
    },
  };
  return self;
};

describe('local containers of one function', () => {
  it('run concurrent events on separate instances, one event per instance at a time', async () => {
    const created: ReturnType<typeof instance>[] = [];
    const pool = containerPool(() => {
      const made = instance();
      created.push(made);
      return made;
    });
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const running = Array.from({ length: 3 }, () => pool.invoke((handler) => handler.handle(gate)));
    release();
    await Promise.all(running);

    expect(pool.containers).toBe(3);
    expect(created.map((made) => made.overlapped)).toEqual([false, false, false]);
  });

  it('reuse an idle instance instead of starting another, as a warm container', async () => {
    const pool = containerPool(instance);
    for (let event = 0; event < 5; event++) await pool.invoke((handler) => handler.handle(Promise.resolve()));
    expect(pool.containers).toBe(1);
  });

  it('take an instance back after an event that failed', async () => {
    const pool = containerPool(instance);
    await expect(
      pool.invoke(async () => {
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    await pool.invoke((handler) => handler.handle(Promise.resolve()));
    expect(pool.containers).toBe(1);
  });
});
