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
    const previous = this.tails.get(key) ?? Promise.resolve();
    const { promise: released, resolve: release } = Promise.withResolvers<undefined>();
    // The next holder waits for this one and, through it, for every earlier one.
    const tail = previous.then(() => released);
    this.tails.set(key, tail);
    this.waiting.set(key, (this.waiting.get(key) ?? 0) + 1);
    try {
      try {
        await waitPulsing(previous, whileWaiting, pulseMs);
      } finally {
        this.waiting.set(key, (this.waiting.get(key) ?? 1) - 1);
      }
      return await work();
    } finally {
      release(undefined);
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** How many callers wait for the partition (its holder not counted): for operators and tests. */
  waiters(partition: TopicPartition): number {
    return this.waiting.get(partitionKey(partition)) ?? 0;
  }
}

const waitPulsing = async (
  previous: Promise<void>,
  pulse: (() => Promise<void>) | undefined,
  pulseMs: number,
) => {
  const free = previous.then(() => true);
  for (;;) {
    const done = await Promise.race([free, sleep(pulseMs, false, { ref: false })]);
    if (done) return;
    await pulse?.();
  }
};
