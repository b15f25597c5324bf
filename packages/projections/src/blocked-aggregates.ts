import { partitionKey, type TopicPartition } from './partition-locks.ts';

/**
 * The aggregates, per topic-partition, with an event parked or waiting for a retry: their new
 * events must queue behind it. Each partition's entry is read and changed only by whoever holds
 * that partition's lock (PartitionLocks), so a reload cannot miss a park made meanwhile.
 *
 * An entry is fresh once loaded from the parking lot; a rebalance makes every entry stale,
 * because the partition may come from a member that parked events this one never saw.
 */
export class BlockedAggregates {
  private readonly byPartition = new Map<string, Set<string>>();
  private readonly fresh = new Set<string>();
  private readonly partitions = new Map<string, TopicPartition>();
  private generation = 0;

  has(partition: TopicPartition, aggregateId: string): boolean {
    return this.byPartition.get(partitionKey(partition))?.has(aggregateId) ?? false;
  }

  add(partition: TopicPartition, aggregateId: string): void {
    this.entry(partition).add(aggregateId);
  }

  isFresh(partition: TopicPartition): boolean {
    return this.fresh.has(partitionKey(partition));
  }

  /** After a rebalance: every partition is loaded again before its next batch. */
  invalidate(): void {
    this.generation += 1;
    this.fresh.clear();
  }

  /**
   * Replaces a partition's entry with what `read` finds in the parking lot (call it holding the
   * partition's lock). A rebalance during the read may have brought parks the read did not see:
   * then the result only adds to the entry, which stays stale and is read again.
   */
  async reload(partition: TopicPartition, read: () => Promise<ReadonlySet<string>>) {
    const generation = this.generation;
    const found = await read();
    const key = partitionKey(partition);
    if (generation !== this.generation) {
      for (const id of found) this.entry(partition).add(id);
      return;
    }
    this.byPartition.set(key, new Set(found));
    this.partitions.set(key, partition);
    this.fresh.add(key);
  }

  /** Partitions with at least one blocked aggregate. */
  withBlocked(): TopicPartition[] {
    return [...this.byPartition]
      .filter(([, ids]) => ids.size > 0)
      .flatMap(([key]) => this.partitions.get(key) ?? []);
  }

  private entry(partition: TopicPartition): Set<string> {
    const key = partitionKey(partition);
    let ids = this.byPartition.get(key);
    if (!ids) {
      ids = new Set();
      this.byPartition.set(key, ids);
      this.partitions.set(key, partition);
    }
    return ids;
  }
}
