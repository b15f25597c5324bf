import { describe, expect, it } from 'vitest';
import { PartitionLocks } from '../src/index.ts';

const p0 = { topic: 't', partition: 0 };
const p1 = { topic: 't', partition: 1 };

describe('partition locks', () => {
  it('runs the holders of one partition one after another, in arrival order', async () => {
    const locks = new PartitionLocks();
    const events: string[] = [];
    const first = Promise.withResolvers<undefined>();
    const a = locks.run(p0, async () => {
      events.push('a starts');
      await first.promise;
      events.push('a ends');
    });
    const b = locks.run(p0, () => {
      events.push('b runs');
      return Promise.resolve();
    });
    await Promise.resolve();
    expect(locks.waiters(p0)).toBe(1);
    first.resolve(undefined);
    await Promise.all([a, b]);
    expect(events).toEqual(['a starts', 'a ends', 'b runs']);
    expect(locks.waiters(p0)).toBe(0);
  });

  it('lets another partition run while one is held', async () => {
    const locks = new PartitionLocks();
    const held = Promise.withResolvers<undefined>();
    const a = locks.run(p0, () => held.promise);
    await expect(locks.run(p1, () => Promise.resolve('free'))).resolves.toBe('free');
    held.resolve(undefined);
    await a;
  });

  it('pulses while waiting, and gives up without running when the pulse fails', async () => {
    const locks = new PartitionLocks();
    const held = Promise.withResolvers<undefined>();
    const a = locks.run(p0, () => held.promise);
    let pulses = 0;
    let ran = false;
    const waiting = locks.run(
      p0,
      () => {
        ran = true;
        return Promise.resolve();
      },
      () => {
        pulses += 1;
        return pulses < 3 ? Promise.resolve() : Promise.reject(new Error('REBALANCE_IN_PROGRESS'));
      },
      20,
    );
    await expect(waiting).rejects.toThrow('REBALANCE_IN_PROGRESS');
    expect(pulses).toBe(3);
    expect(ran).toBe(false);
    // The next holder still waits for the first one, never for the one that gave up.
    let third = false;
    const c = locks.run(p0, () => {
      third = true;
      return Promise.resolve();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(third).toBe(false);
    held.resolve(undefined);
    await Promise.all([a, c]);
    expect(third).toBe(true);
  });

  it('releases the partition when the holder fails', async () => {
    const locks = new PartitionLocks();
    await expect(locks.run(p0, () => Promise.reject(new Error('sink down')))).rejects.toThrow();
    await expect(locks.run(p0, () => Promise.resolve(1))).resolves.toBe(1);
  });
});
