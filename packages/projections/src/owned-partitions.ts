import type { Consumer } from 'kafkajs';
import { partitionKey, type TopicPartition } from './partition-locks.ts';

/**
 * The partitions the consumer group assigned to this member at its last join. Work on a
 * partition outside the consumer's batches (retrying its parked events) belongs to its owner
 * alone: another member doing it too is wasted work that contends with the owner for the
 * parked rows. Between a rebalance's start and the next join the member owns nothing (KafkaJS
 * rebalances eagerly: every partition is revoked first).
 */
export class OwnedPartitions {
  private readonly owned = new Map<string, TopicPartition>();

  /** Keeps step with the consumer's membership; `onJoin` runs after each join's assignment. */
  follow(consumer: Consumer, onJoin: () => void): void {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assigned(payload.memberAssignment);
      onJoin();
    });
    for (const revoked of [
      consumer.events.REBALANCING,
      consumer.events.STOP,
      consumer.events.CRASH,
    ])
      consumer.on(revoked, () => {
        this.revoked();
      });
  }

  /** A join's assignment (KafkaJS `memberAssignment`: partitions by topic). */
  assigned(assignment: Readonly<Record<string, readonly number[]>>): void {
    this.owned.clear();
    for (const [topic, partitions] of Object.entries(assignment))
      for (const partition of partitions)
        this.owned.set(partitionKey({ topic, partition }), { topic, partition });
  }

  /** A rebalance started, or the consumer stopped: nothing is owned until the next join. */
  revoked(): void {
    this.owned.clear();
  }

  owns(partition: TopicPartition): boolean {
    return this.owned.has(partitionKey(partition));
  }

  all(): TopicPartition[] {
    return [...this.owned.values()];
  }
}
