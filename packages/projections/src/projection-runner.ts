import { namespaced } from '@orderflow/config';
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { AvroEventSerde, contextTopics, GroupMember, waitForTopics } from '@orderflow/kernel';
import { AbandonedWrites } from './abandoned-writes.ts';
import { BlockedAggregates } from './blocked-aggregates.ts';
import { CircuitBreaker, defaultBreakerOptions, type BreakerOptions } from './circuit-breaker.ts';
import { BatchProjection } from './batch-projection.ts';
import { heartbeatUnlessRebalancing } from './group-membership.ts';
import { ParkedEventRetrier, type TopicSource } from './parked-event-retrier.ts';
import type { ParkingLot } from './parking-lot.ts';
import { OwnedPartitions } from './owned-partitions.ts';
import { PartitionLocks } from './partition-locks.ts';
import type { ReadModel } from './read-model.ts';
import type { ProjectionSink } from './sinks/sink.ts';
import { PartitionStats } from './partition-stats.ts';
import { traceBatch } from './batch-spans.ts';
import { StoreGuard, type BatchLease } from './store-guard.ts';

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
  /** How often parked events asked to be retried are looked for (2000 ms). */
  readonly retryPollMs?: number;
  /** Longest a sink or parking-lot write may take before it counts as a breaker failure. */
  readonly writeTimeoutMs?: number;
}

export const defaultWriteTimeoutMs = 30_000;

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
  /** Replays parked events on request; `runPass()` runs one pass now. */
  readonly retrier: ParkedEventRetrier;
  /** Batches and retries of one partition take turns (see PartitionLocks). */
  readonly locks = new PartitionLocks();
  /** What the group assigned this member: only those partitions' parked events are retried. */
  readonly owned = new OwnedPartitions();
  /** Store calls given up at their deadline and still running, per partition. */
  readonly abandoned = new AbandonedWrites();
  private readonly consumer: Consumer;
  private readonly serdes = new Map<string, TopicSource>();
  private readonly blocked = new BlockedAggregates();
  private readonly batches: BatchProjection;
  private running = false;
  /** Aborted by stop(): a start still waiting for its topics ends at once and joins nothing. */
  private readonly stopping = new AbortController();

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
    this.batches = new BatchProjection({
      projection: options.model.name,
      sink: options.sink,
      parking: options.parking,
      blocked: this.blocked,
      guard: new StoreGuard(this.breaker, this.abandoned, {
        projection: options.model.name,
        timeoutMs: options.writeTimeoutMs ?? defaultWriteTimeoutMs,
        logger: options.logger,
      }),
      stats: this.stats,
      logger: options.logger,
    });
    this.retrier = new ParkedEventRetrier({
      projection: options.model.name,
      parking: options.parking,
      sink: options.sink,
      sources: this.serdes,
      locks: this.locks,
      owned: this.owned,
      abandoned: this.abandoned,
      blocked: this.blocked,
      logger: options.logger,
      pollMs: options.retryPollMs ?? 2_000,
      writeTimeoutMs: options.writeTimeoutMs ?? defaultWriteTimeoutMs,
    });
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
    const { signal } = this.stopping;
    await this.options.parking.prepare();
    await this.options.sink.prepare();
    // The command services create the event topics; a projector started first waits for them.
    // A stop meanwhile (SIGTERM, a rebuild's switch to a new runner) ends the wait: a runner
    // stopped before it joined must never join the group afterwards.
    const topicsReady = await waitForTopics(
      this.options.kafka,
      [...this.serdes.keys()],
      this.options.logger,
      { signal },
    ).then(
      () => true,
      (error: unknown) => {
        if (signal.aborted) return false;
        throw error;
      },
    );
    if (!topicsReady) return;
    this.owned.follow(this.consumer, () => {
      // Partitions may come from a member that parked events this one never saw.
      this.blocked.invalidate();
      // A sink's cache of views it wrote is only valid for partitions it kept.
      this.options.sink.partitionsReassigned?.();
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.serdes.keys()], fromBeginning: true });
    if (signal.aborted) {
      // Stopped while connecting: the stop's disconnect may have run before this connect.
      await this.consumer.disconnect();
      return;
    }
    await this.member.run({
      autoCommit: true,
      autoCommitThreshold: 1, // commit right after each batch the sink has written
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const source = this.serdes.get(batch.topic);
        const lease: BatchLease = {
          partition: { topic: batch.topic, partition: batch.partition },
          keepAlive: heartbeatUnlessRebalancing(() => payload.heartbeat()),
          isRunning: () => this.running && payload.isRunning(),
        };
        // Holding the partition's lock: no retry of its parked events interleaves.
        if (source)
          await traceBatch(this.options.model.name, batch, () =>
            this.locks.run(
              batch,
              () => this.batches.project(batch, source, lease),
              lease.keepAlive,
            ),
          );
        const last = payload.batch.messages.at(-1);
        if (last) payload.resolveOffset(last.offset);
        await payload.commitOffsetsIfNecessary();
      },
    });
    this.retrier.start();
    this.options.logger.info(
      {
        projection: this.options.model.name,
        group: this.groupId,
        sink: this.options.sink.describe,
      },
      'projection started',
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    await this.retrier.stop();
    await this.member.leave();
  }
}
