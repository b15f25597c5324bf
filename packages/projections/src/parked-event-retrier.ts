import type { Logger } from 'pino';
import type { AvroEventSerde, DomainEvent } from '@orderflow/kernel';
import type { AbandonedWrites } from './abandoned-writes.ts';
import type { BlockedAggregates } from './blocked-aggregates.ts';
import { withDeadline } from './deadline.ts';
import { decodeEnvelope } from './decode-envelope.ts';
import type { OwnedPartitions } from './owned-partitions.ts';
import { rawEventOf, type ParkedRecord, type RetryOutcome } from './parked-record.ts';
import type { ParkingLot } from './parking-lot.ts';
import { partitionKey, type PartitionLocks, type TopicPartition } from './partition-locks.ts';
import type { ProjectionSink } from './sinks/sink.ts';

/** How the events of one topic are read: their context and the serde of its schemas. */
export interface TopicSource {
  readonly context: string;
  readonly serde: AvroEventSerde<DomainEvent>;
}

export interface ParkedEventRetrierOptions {
  readonly projection: string;
  readonly parking: ParkingLot;
  readonly sink: ProjectionSink;
  readonly sources: ReadonlyMap<string, TopicSource>;
  /** Shared with the runner: the same partition's batches and retries never interleave. */
  readonly locks: PartitionLocks;
  /** Only the partitions this member owns are retried: their owner alone writes their views. */
  readonly owned: OwnedPartitions;
  /** Shared with the runner's batches: a retry does not race a write abandoned at its deadline. */
  readonly abandoned: AbandonedWrites;
  readonly blocked: BlockedAggregates;
  readonly logger: Logger;
  readonly pollMs: number;
  readonly writeTimeoutMs: number;
}

/**
 * Replays parked events that an operator asked to retry (or that queued behind them), in log
 * order per aggregate, and keeps the runner's blocked aggregates in step with the parking lot.
 * Each partition is handled holding its lock, so no batch of that partition parks or folds an
 * event meanwhile: an aggregate is unblocked only after a read that saw every park. Only the
 * partitions the group assigned to this member are handled; their parked events wait for
 * whichever member owns them.
 */
export class ParkedEventRetrier {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();
  private stopped = true;

  constructor(private readonly options: ParkedEventRetrierOptions) {}

  /** Polls every `pollMs`; a pass starts only after the previous one ended. */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current.catch(() => undefined);
  }

  /** One pass now (after any pass in progress); rejects if it fails. */
  runPass(): Promise<void> {
    const pass = this.current.catch(() => undefined).then(() => this.pass());
    this.current = pass;
    return pass;
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runPass()
        .catch((error: unknown) => {
          this.options.logger.error(
            { projection: this.options.projection, err: error },
            'retrying parked events failed',
          );
        })
        .finally(() => {
          this.schedule();
        });
    }, this.options.pollMs);
  }

  private async pass() {
    const { owned, parking, blocked, locks } = this.options;
    // Owned partitions with retries, and those with blocked aggregates (an operator's skip may
    // have released one without leaving anything to retry).
    const partitions = new Map<string, TopicPartition>();
    for (const partition of [
      ...(await parking.partitionsToRetry(owned.all())),
      ...blocked.withBlocked(),
    ])
      partitions.set(partitionKey(partition), partition);
    for (const partition of partitions.values()) {
      if (this.stopped) return;
      // Ownership is checked again holding the lock: a rebalance may have moved it meanwhile.
      await locks.run(partition, async () => {
        if (owned.owns(partition)) await this.retryPartition(partition);
      });
    }
  }

  private async retryPartition(partition: TopicPartition) {
    const { parking, blocked } = this.options;
    for (const records of await parking.retriesRequested(partition)) {
      for (const record of records) {
        const outcome = await parking.retry(record, () => this.attempt(record));
        if (outcome?.resolved === false) break; // its later records wait behind it again
      }
    }
    // Holding the lock, this read has seen every park of this partition by this runner.
    await blocked.reload(partition, () => parking.blockedAggregates(partition));
  }

  private async attempt(record: ParkedRecord): Promise<RetryOutcome> {
    const source = this.options.sources.get(record.topic);
    if (!source) return { resolved: false, reason: `not a source topic of this projection` };
    const raw = rawEventOf(record, source.context);
    let envelope;
    try {
      envelope = await decodeEnvelope(raw, source.serde);
    } catch (error) {
      return {
        resolved: false,
        reason: `undecodable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const { abandoned, sink, writeTimeoutMs } = this.options;
    await abandoned.settled(record, writeTimeoutMs);
    const poisoned = await withDeadline(() => sink.write({ envelopes: [envelope], progress: [] }), {
      what: `retrying a parked event in ${sink.describe}`,
      timeoutMs: writeTimeoutMs,
      onAbandoned: (call) => {
        abandoned.track(record, call);
      },
    });
    const failure = poisoned[0];
    return failure ? { resolved: false, reason: failure.reason } : { resolved: true };
  }
}
