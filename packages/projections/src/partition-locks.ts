import { setTimeout as sleep } from 'node:timers/promises';

/** A topic-partition: all events of one aggregate are in one of them (records are keyed by id). */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export const partitionKey = ({ topic, partition }: TopicPartition) =>
  `${topic}|${String(partition)}`;

/**
 * One holder at a time per topic-partition, in arrival order. A batch and a retry of parked
 * events of the same partition both read and change which aggregates are blocked and what is
 * parked: interleaved, a retry could unblock an aggregate whose next event was being parked,
 * and that event would then overtake the parked one in the view (and be lost to the version
 * guard). Different partitions do not wait for each other.
 */
export class PartitionLocks {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, number>();

  /**
   * Runs `work` once the partition is free. `whileWaiting` is called every `pulseMs` until then:
   * a batch waiting behind a slow retry must keep its consumer-group membership; if it throws
   * (the group rebalanced), the wait ends with its error and `work` does not run.
   */
  async run<T>(
    partition: TopicPartition,
    work: () => Promise<T>,
    whileWaiting?: () => Promise<void>,
    pulseMs = 3_000,
  ): Promise<T> {
    const key = partitionKey(partition);
    const previous = this.tails.get(key);
    const { promise: released, resolve: release } = Promise.withResolvers<undefined>();
    // The next holder waits for this one and, through it, for every earlier one.
    const tail = previous ? previous.then(() => released) : released;
    this.tails.set(key, tail);
    let holding = false;
    try {
      if (previous) await this.waitFor(key, previous, whileWaiting, pulseMs);
      holding = true;
      return await work();
    } finally {
      release(undefined);
      // Forgotten only once settled: a caller that gave up waiting leaves its tail, which still
      // waits for the holders before it.
      if (holding && this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** How many callers wait for the partition (its holder not counted): for operators and tests. */
  waiters(partition: TopicPartition): number {
    return this.waiting.get(partitionKey(partition)) ?? 0;
  }

  private async waitFor(
    key: string,
    previous: Promise<void>,
    whileWaiting: (() => Promise<void>) | undefined,
    pulseMs: number,
  ) {
    this.waiting.set(key, (this.waiting.get(key) ?? 0) + 1);
    try {
      const free = previous.then(() => true);
      for (;;) {
        const pulse = new AbortController();
        const due = sleep(pulseMs, false, { ref: false, signal: pulse.signal }).catch(() => false);
        const done = await Promise.race([free, due]);
        pulse.abort(); // no timer outlives the wait
        if (done) return;
        await whileWaiting?.();
      }
    } finally {
      this.waiting.set(key, (this.waiting.get(key) ?? 1) - 1);
    }
  }
}
