import { setTimeout as sleep } from 'node:timers/promises';
import { partitionKey, type TopicPartition } from './partition-locks.ts';

/**
 * Store calls of a partition given up at their deadline that may still be running. A write
 * abandoned that way is not cancelled (the driver cannot take it back): retried at once, it
 * and its retry read the same views and race to write them, and the loser's version guard
 * fails it as a ConcurrentWriteError, a breaker failure of its own (five of those open the
 * circuit). The partition's next call waits for them to settle first, bounded: a store that
 * still holds a call after that is treated as failing, and the version guards keep the two
 * writes exactly-once should they overlap after all.
 */
export class AbandonedWrites {
  private readonly pending = new Map<string, Set<Promise<void>>>();

  /** Remembers a call given up at its deadline until it settles (either way). */
  track(partition: TopicPartition, call: Promise<unknown>): void {
    const key = partitionKey(partition);
    const calls = this.pending.get(key) ?? new Set<Promise<void>>();
    this.pending.set(key, calls);
    const settled: Promise<void> = call.then(
      () => undefined,
      () => undefined,
    );
    calls.add(settled);
    void settled.then(() => {
      calls.delete(settled);
      if (calls.size === 0 && this.pending.get(key) === calls) this.pending.delete(key);
    });
  }

  /** Calls of the partition abandoned and still running: for operators and tests. */
  running(partition: TopicPartition): number {
    return this.pending.get(partitionKey(partition))?.size ?? 0;
  }

  /**
   * Waits until the partition's abandoned calls have settled, at most `boundMs`; true if they
   * all did. `keepAlive` is called every `pulseMs` meanwhile: a member waiting on its store must
   * keep its partitions (a failed heartbeat is seen again by the batch's next one or its commit).
   */
  async settled(
    partition: TopicPartition,
    boundMs: number,
    keepAlive?: () => Promise<void>,
    pulseMs = 3_000,
  ): Promise<boolean> {
    const calls = this.pending.get(partitionKey(partition));
    if (!calls || calls.size === 0) return true;
    const all = Promise.all(calls).then(() => true);
    const until = Date.now() + boundMs;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) return false;
      const pulse = new AbortController();
      const due = sleep(Math.min(pulseMs, left), false, { signal: pulse.signal }).catch(
        () => false,
      );
      const done = await Promise.race([all, due]);
      pulse.abort(); // no timer outlives the wait
      if (done) return true;
      await keepAlive?.().catch(() => undefined);
    }
  }
}
