import { describe, expect, it } from 'vitest';
import { AbandonedWrites } from '../src/abandoned-writes.ts';
import { withDeadline } from '../src/index.ts';

const partition = { topic: 'ledger.events', partition: 1 };
const other = { topic: 'ledger.events', partition: 2 };

describe('AbandonedWrites', () => {
  it('holds the partition until the call abandoned at its deadline settles, failed or not', async () => {
    const abandoned = new AbandonedWrites();
    const call = Promise.withResolvers<never>();
    await expect(
      withDeadline(() => call.promise, {
        what: 'a write',
        timeoutMs: 20,
        onAbandoned: (running) => {
          abandoned.track(partition, running);
        },
      }),
    ).rejects.toThrow('did not finish within 20 ms');
    expect(abandoned.running(partition)).toBe(1);
    expect(await abandoned.settled(other, 1_000)).toBe(true); // other partitions do not wait

    const waiting = abandoned.settled(partition, 5_000);
    setTimeout(() => {
      call.reject(new Error('late failure'));
    }, 30);
    expect(await waiting).toBe(true);
    expect(abandoned.running(partition)).toBe(0);
  });

  it('gives up waiting at its bound, heartbeating meanwhile, and keeps the call tracked', async () => {
    const abandoned = new AbandonedWrites();
    abandoned.track(partition, new Promise(() => undefined));
    const beats = { count: 0 };
    const started = Date.now();
    const settled = await abandoned.settled(
      partition,
      120,
      () => {
        beats.count += 1;
        return Promise.reject(new Error('rebalancing')); // seen by the batch's next heartbeat
      },
      20,
    );
    expect(settled).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(beats.count).toBeGreaterThanOrEqual(3);
    expect(abandoned.running(partition)).toBe(1);
  });
});
