import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { Command, DomainEvent } from '../decider.ts';
import type { PartitionState } from './aggregate-state.ts';
import type { ContextStreams } from './context-streams.ts';
import { restorePartition } from './restore-partition.ts';

/** A commands partition this processor writes for: its fencing producer and restored state. */
export interface OwnedPartition<S> {
  readonly partition: number;
  readonly producer: Producer;
  readonly state: PartitionState<S>;
  /** The group generation it was taken in: a batch of another generation must not use it. */
  readonly generation: number;
}

export interface PartitionOwnersOptions<
  C extends Command,
  E extends DomainEvent,
  S,
> extends ContextStreams<C, E, S> {
  readonly consumerGroupId: string;
  readonly logger: Logger;
  /** The current group generation (it moves on every join). */
  readonly generation: () => number;
  /** Aborted when the processor stops: a restore in progress ends at once. */
  readonly signal: AbortSignal;
}

/**
 * The partitions a command processor owns, taken lazily at their first batch: the partition's
 * transactional producer fences any previous owner, then its state is restored from Kafka.
 * Concurrent batches of one partition share the one taking; a failed taking is forgotten, so
 * the next batch tries again.
 */
export class PartitionOwners<C extends Command, E extends DomainEvent, S> {
  private readonly owned = new Map<number, Promise<OwnedPartition<S>>>();

  constructor(private readonly options: PartitionOwnersOptions<C, E, S>) {}

  get partitions(): number[] {
    return [...this.owned.keys()];
  }

  take(partition: number, heartbeat: () => Promise<void>): Promise<OwnedPartition<S>> {
    let owned = this.owned.get(partition);
    if (!owned) {
      owned = this.takeOwnership(partition, heartbeat);
      this.owned.set(partition, owned);
      owned.catch(() => this.owned.delete(partition));
    }
    return owned;
  }

  /** Forgets the partition (its state is rebuilt on next use) and closes its producer. */
  release(partition: number) {
    const owned = this.owned.get(partition);
    this.owned.delete(partition);
    void owned?.then((o) => o.producer.disconnect()).catch(() => undefined);
  }

  releaseAll() {
    for (const partition of [...this.owned.keys()]) this.release(partition);
  }

  private async takeOwnership(
    partition: number,
    heartbeat: () => Promise<void>,
  ): Promise<OwnedPartition<S>> {
    const { kafka, logger, consumerGroupId } = this.options;
    const generation = this.options.generation();
    const started = Date.now();
    logger.info({ partition, generation }, 'taking ownership of partition');
    // Initialising the transactional id fences any previous owner and aborts its open transaction.
    const producer = kafka.producer({
      transactionalId: `${consumerGroupId}.${String(partition)}`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 60_000,
    });
    await producer.connect();
    try {
      // KafkaJS registers the transactional id lazily, at the first transaction: start and
      // abort an empty one now, so the previous owner is fenced and its open transaction
      // aborted before the restore reads the partition (read_committed stops at open ones).
      await (await producer.transaction()).abort();
      logger.info({ partition, ms: Date.now() - started }, 'previous owner fenced');
      const state = await restorePartition({
        kafka,
        context: this.options.context,
        topics: this.options.topics,
        serde: this.options.serde,
        partition,
        heartbeat,
        signal: this.options.signal,
        onForeignRecord: (position) => {
          logger.warn(
            { position },
            'ignoring a record without an aggregate version on the events topic: not written by a command processor',
          );
        },
      });
      logger.info(
        {
          partition,
          aggregates: state.aggregates.size,
          outcomes: state.outcomes.size,
          ms: Date.now() - started,
        },
        'partition state restored',
      );
      return { partition, producer, state, generation };
    } catch (error) {
      await producer.disconnect();
      throw error;
    }
  }
}
