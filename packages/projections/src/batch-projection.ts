import type { Batch } from 'kafkajs';
import type { Logger } from 'pino';
import type { BlockedAggregates } from './blocked-aggregates.ts';
import { aggregateIdOf, decodeOrReason, type RawEvent } from './decode-envelope.ts';
import { eventLogIds } from './event-log-ids.ts';
import type { TopicSource } from './parked-event-retrier.ts';
import type { ParkingLot } from './parking-lot.ts';
import type { PartitionStats } from './partition-stats.ts';
import type { EventEnvelope } from './read-model.ts';
import type { ProjectionSink } from './sinks/sink.ts';
import type { BatchLease, StoreGuard } from './store-guard.ts';

export interface BatchProjectionOptions {
  readonly projection: string;
  readonly sink: ProjectionSink;
  readonly parking: ParkingLot;
  readonly blocked: BlockedAggregates;
  readonly guard: StoreGuard;
  readonly stats: PartitionStats;
  readonly logger: Logger;
}

/**
 * Projects one Kafka batch: decodes it, parks what cannot be folded (and what queues behind it),
 * and has the sink write the rest with the partition's progress. Call it holding the batch's
 * partition lock, so no retry of parked events of that partition interleaves.
 */
export class BatchProjection {
  constructor(private readonly options: BatchProjectionOptions) {}

  async project(batch: Batch, source: TopicSource, lease: BatchLease): Promise<void> {
    const { blocked, guard, parking, sink } = this.options;
    if (batch.messages.length === 0) return;
    if (!blocked.isFresh(batch)) {
      await blocked.reload(batch, () =>
        guard.run('reading parked aggregates', () => parking.blockedAggregates(batch), lease),
      );
    }
    const raws = new Map<string, RawEvent>();
    const envelopes: EventEnvelope[] = [];
    for (const message of batch.messages) {
      const raw = {
        context: source.context,
        topic: batch.topic,
        partition: batch.partition,
        message,
      };
      raws.set(message.offset, raw);
      if (blocked.has(batch, aggregateIdOf(raw))) {
        await this.park(
          raw,
          null,
          'blocked behind an earlier parked event of the same aggregate',
          lease,
        );
        continue;
      }
      // The registry unreachable is retried with backoff through the breaker, like a sink.
      const decoded = await decodeOrReason(raw, source.serde).catch(() =>
        guard.run('decoding (schema registry)', () => decodeOrReason(raw, source.serde), lease),
      );
      if ('undecodable' in decoded)
        await this.park(raw, null, `undecodable: ${decoded.undecodable}`, lease);
      else envelopes.push(decoded);
    }
    // lastOffset() counts transaction markers too: a partition read to its end shows no lag.
    const nextOffset = (BigInt(batch.lastOffset()) + 1n).toString();
    // A write abandoned at its deadline may still be running: the guard has the retry wait for
    // it (bounded); should they overlap after all, the sinks' version guards (and PostgreSQL's
    // row locks) make the two converge on one result.
    const poisoned = await guard.run(
      `writing to ${sink.describe}`,
      () =>
        sink.write({
          envelopes,
          progress: [{ topic: batch.topic, partition: batch.partition, nextOffset }],
        }),
      lease,
    );
    for (const { envelope, reason } of poisoned) {
      const raw = raws.get(envelope.position.offset);
      if (raw) await this.park(raw, envelope.version, reason, lease);
    }
    this.options.stats.record(
      batch.topic,
      batch.partition,
      batch.messages.length,
      nextOffset,
      batch.highWatermark,
    );
  }

  /** The first parked event of an aggregate is its poison; the later ones queue behind it. */
  private async park(raw: RawEvent, version: number | null, reason: string, lease: BatchLease) {
    const { blocked, guard, parking } = this.options;
    const aggregateId = aggregateIdOf(raw);
    const queued = blocked.has(raw, aggregateId);
    await guard.run(
      'parking an event',
      () => parking.park(raw, aggregateId, version, reason, queued),
      lease,
    );
    blocked.add(raw, aggregateId);
    this.options.logger.warn(
      {
        ...eventLogIds(raw.message.headers),
        projection: this.options.projection,
        topic: raw.topic,
        partition: raw.partition,
        offset: raw.message.offset,
        aggregateId,
        reason,
      },
      'event parked',
    );
  }
}
