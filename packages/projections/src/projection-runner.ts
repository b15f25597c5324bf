import { namespaced } from '@orderflow/config';
import type { Batch, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { AvroEventSerde, contextTopics, GroupMember, type DomainEvent } from '@orderflow/kernel';
import { CircuitBreaker, defaultBreakerOptions, type BreakerOptions } from './circuit-breaker.ts';
import { withDeadline } from './deadline.ts';
import { aggregateIdOf, decodeEnvelope, type RawEvent } from './decode-envelope.ts';
import { heartbeatUnlessRebalancing } from './group-membership.ts';
import { aggregateKey, ParkingLot, type ParkedRecord } from './parking-lot.ts';
import type { EventEnvelope, ReadModel } from './read-model.ts';
import type { ProjectionSink } from './sinks/sink.ts';
import { PartitionStats } from './partition-stats.ts';
import { traceBatch } from './batch-spans.ts';
import { eventLogIds } from './event-log-ids.ts';

export interface ProjectionRunnerOptions {
  readonly kafka: Kafka;
  readonly registry: SchemaRegistry;
  readonly logger: Logger;
  readonly model: ReadModel;
  readonly sink: ProjectionSink;
  readonly parking: ParkingLot;
  /** Consumer group; replays use their own so the live projection is untouched. */
  readonly groupId?: string;
  readonly breaker?: BreakerOptions;
  readonly retryPollMs?: number;
  /** Longest a sink or parking-lot write may take before it counts as a breaker failure. */
  readonly writeTimeoutMs?: number;
}

export const defaultWriteTimeoutMs = 30_000;

/** What a batch in progress needs to wait on a store without losing its partitions. */
interface BatchLease {
  readonly keepAlive: () => Promise<void>;
  readonly isRunning: () => boolean;
}

/**
 * Runs one projection as its own consumer group over its source topics. Each Kafka batch is
 * decoded, folded and written by the sink at once; offsets are committed only after the sink
 * has committed. Poison events are parked, with every later event of their aggregate, while
 * other aggregates keep flowing.
 */
export class ProjectionRunner {
  readonly groupId: string;
  readonly stats = new PartitionStats();
  readonly breaker: CircuitBreaker;
  private readonly member: GroupMember;
  private readonly consumer: Consumer;
  private readonly serdes = new Map<
    string,
    { context: string; serde: AvroEventSerde<DomainEvent> }
  >();
  private blocked = new Set<string>();
  /** Set on every rebalance: partitions may come from a member that parked events meanwhile. */
  private blockedIsStale = true;
  private retryTimer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.groupId = options.groupId ?? namespaced(`projection.${options.model.name}`);
    this.breaker = new CircuitBreaker(
      options.sink.describe,
      options.logger,
      options.breaker ?? defaultBreakerOptions,
    );
    for (const source of options.model.sources) {
      const topic = contextTopics(source.context).events;
      this.serdes.set(topic, {
        context: source.context,
        serde: new AvroEventSerde(options.registry, topic, source.eventSchemas),
      });
    }
    // A member that can leave during a rebalance, so that a SIGTERM then stops in time.
    this.member = new GroupMember(
      options.kafka,
      {
        groupId: this.groupId,
        readUncommitted: false,
        maxWaitTimeInMs: 250,
        sessionTimeout: 30_000,
      },
      options.logger,
    );
    this.consumer = this.member.consumer;
  }

  async start(): Promise<void> {
    this.running = true;
    await this.options.parking.prepare();
    await this.options.sink.prepare();
    await this.waitForTopics();
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.blockedIsStale = true;
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.serdes.keys()], fromBeginning: true });
    await this.member.run({
      autoCommit: true,
      autoCommitThreshold: 1, // commit right after each batch the sink has written
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        await traceBatch(this.options.model.name, payload.batch, () =>
          this.project(
            payload.batch,
            () => payload.heartbeat(),
            () => payload.isRunning(),
          ),
        );
        const last = payload.batch.messages.at(-1);
        if (last) payload.resolveOffset(last.offset);
        await payload.commitOffsetsIfNecessary();
      },
    });
    this.retryTimer = setInterval(() => {
      void this.retryRequested().catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'retrying parked events failed');
      });
    }, this.options.retryPollMs ?? 2_000);
    this.options.logger.info(
      {
        projection: this.options.model.name,
        group: this.groupId,
        sink: this.options.sink.describe,
      },
      'projection started',
    );
  }

  /** The command services create the event topics; a projector started first waits for them. */
  private async waitForTopics(timeoutMs = 120_000) {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const existing = new Set(await admin.listTopics());
        const missing = [...this.serdes.keys()].filter((topic) => !existing.has(topic));
        if (missing.length === 0) return;
        if (Date.now() > deadline)
          throw new Error(
            `event topics ${missing.join(', ')} do not exist; start the command services first`,
          );
        this.options.logger.info(
          { projection: this.options.model.name, missing },
          'waiting for event topics',
        );
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    } finally {
      await admin.disconnect();
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.retryTimer);
    await this.member.leave();
  }

  /**
   * Every store call of a batch goes through the breaker with a deadline: a store that fails
   * or stops answering pauses consumption (heartbeating) instead of crashing the consumer or
   * holding the batch forever. Nothing is committed until the call succeeds.
   */
  private guarded<T>(what: string, call: () => Promise<T>, lease: BatchLease): Promise<T> {
    return this.breaker.run(
      () =>
        withDeadline(call, {
          what: `${what} (${this.options.model.name})`,
          timeoutMs: this.options.writeTimeoutMs ?? defaultWriteTimeoutMs,
          keepAlive: lease.keepAlive,
          onLateFailure: (error) => {
            this.options.logger.warn(
              { projection: this.options.model.name, err: error },
              `${what} abandoned after its deadline failed late`,
            );
          },
        }),
      lease.keepAlive,
      lease.isRunning,
    );
  }

  private async project(batch: Batch, heartbeat: () => Promise<void>, isRunning: () => boolean) {
    const source = this.serdes.get(batch.topic);
    if (!source || batch.messages.length === 0) return;
    const lease: BatchLease = {
      keepAlive: heartbeatUnlessRebalancing(heartbeat),
      isRunning: () => this.running && isRunning(),
    };
    if (this.blockedIsStale) {
      this.blocked = await this.guarded(
        'reading parked aggregates',
        () => this.options.parking.blockedAggregates(),
        lease,
      );
      this.blockedIsStale = false;
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
      const key = aggregateKey(batch.topic, aggregateIdOf(raw));
      if (this.blocked.has(key)) {
        await this.park(
          raw,
          null,
          'blocked behind an earlier parked event of the same aggregate',
          lease,
        );
        continue;
      }
      try {
        envelopes.push(await decodeEnvelope(raw, source.serde));
      } catch (error) {
        await this.park(
          raw,
          null,
          `undecodable: ${error instanceof Error ? error.message : String(error)}`,
          lease,
        );
      }
    }
    // lastOffset() counts transaction markers too: a partition read to its end shows no lag.
    const nextOffset = (BigInt(batch.lastOffset()) + 1n).toString();
    // A write abandoned at its deadline may still land later, concurrently with its retry: the
    // sinks' version guards (and PostgreSQL's row locks) make the two converge on one result.
    const poisoned = await this.guarded(
      `writing to ${this.options.sink.describe}`,
      () =>
        this.options.sink.write({
          envelopes,
          progress: [{ topic: batch.topic, partition: batch.partition, nextOffset }],
        }),
      lease,
    );
    for (const { envelope, reason } of poisoned) {
      const raw = raws.get(envelope.position.offset);
      if (raw) await this.park(raw, envelope.version, reason, lease);
    }
    this.stats.record(
      batch.topic,
      batch.partition,
      batch.messages.length,
      nextOffset,
      batch.highWatermark,
    );
  }

  private async park(raw: RawEvent, version: number | null, reason: string, lease: BatchLease) {
    const aggregateId = aggregateIdOf(raw);
    await this.guarded(
      'parking an event',
      () => this.options.parking.park(raw, aggregateId, version, reason),
      lease,
    );
    this.blocked.add(aggregateKey(raw.topic, aggregateId));
    this.options.logger.warn(
      {
        ...eventLogIds(raw.message.headers),
        projection: this.options.model.name,
        topic: raw.topic,
        partition: raw.partition,
        offset: raw.message.offset,
        aggregateId,
        reason,
      },
      'event parked',
    );
  }

  /** Replays the parked events of aggregates an operator asked to retry, in log order. */
  private async retryRequested() {
    for (const records of await this.options.parking.retriesRequested()) {
      for (const record of records) {
        const resolved = await this.retryOne(record);
        if (!resolved) break;
      }
    }
    this.blocked = await this.options.parking.blockedAggregates();
  }

  private async retryOne(record: ParkedRecord): Promise<boolean> {
    const source = this.serdes.get(record.topic);
    if (!source) return false;
    const message = {
      key: record.key,
      value: record.value,
      headers: record.headers,
      offset: record.offset,
      timestamp: String(Date.now()),
      attributes: 0,
      size: 0,
    } as unknown as KafkaMessage;
    const raw = {
      context: source.context,
      topic: record.topic,
      partition: record.partition,
      message,
    };
    let envelope: EventEnvelope;
    try {
      envelope = await decodeEnvelope(raw, source.serde);
    } catch (error) {
      await this.options.parking.markParked(
        record.id,
        `undecodable: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
    const poisoned = await withDeadline(
      () => this.options.sink.write({ envelopes: [envelope], progress: [] }),
      {
        what: `retrying a parked event in ${this.options.sink.describe}`,
        timeoutMs: this.options.writeTimeoutMs ?? defaultWriteTimeoutMs,
      },
    );
    if (poisoned.length > 0) {
      await this.options.parking.markParked(record.id, poisoned[0]?.reason ?? 'failed again');
      return false;
    }
    await this.options.parking.markResolved(record.id);
    return true;
  }
}
