import { namespaced } from '@orderflow/config';
import type { EachBatchPayload, Kafka, Message, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { CommandClient } from '../client/command-client.ts';
import type { DomainEvent } from '../decider.ts';
import { GroupMember } from '../kafka/group-member.ts';
import { waitForTopics } from '../kafka/wait-for-topics.ts';
import { AvroEventSerde, type AvroRecordSchema } from '../serde/avro-event-serde.ts';
import { contextTopics } from '../topics/context-topics.ts';
import {
  deadlineMessage,
  provisionDeadlineChangelog,
  type PendingRecord,
} from './deadline-changelog.ts';
import { deadlineChangeOf } from './deadline-changes.ts';
import { restoreDeadlines } from './deadline-restore.ts';
import type { DeadlineSchedule, FiredDeadline } from './deadline-schedule.ts';
import { fireDeadline, type ExpiryPath } from './deadline-expiry.ts';
import { DeadlineTimer, systemClock, type Clock } from './deadline-timer.ts';
import { onFatalCrash } from '../kafka/fatal-crash.ts';

export interface DeadlineRunnerOptions {
  readonly kafka: Kafka;
  readonly registry: SchemaRegistry;
  readonly logger: Logger;
  readonly eventSchemas: Readonly<Record<string, AvroRecordSchema>>;
  /** The context's own command client: an expiry goes through the normal command path. */
  readonly client: CommandClient;
  readonly replicationFactor?: number;
  readonly clock?: Clock;
  readonly onFired?: (fired: FiredDeadline) => void;
}

/**
 * Durable timers, Kafka-natively (the way Kafka Streams keeps a state store): a consumer group
 * `<context>.deadlines` follows the context's events and keeps the pending deadlines of its
 * partitions in memory (a min-heap) and in a compacted changelog topic `<context>.deadlines`,
 * co-partitioned with the events. The changelog record is written before the event's offset is
 * committed, so after any crash the changelog is at or ahead of the committed offset; replaying
 * the events after it sets and clears the same keys again (idempotent). On every assignment the
 * runner rebuilds the heap of the partitions it now owns from the changelog, so a deadline
 * survives a restart of any process, and fires even if no event ever follows. A due deadline
 * sends the schedule's expiry through the command client with a deterministic command id: the
 * command path deduplicates a re-fire, so each deadline takes effect exactly once.
 */
export class DeadlineRunner {
  private readonly member: GroupMember;
  /** Aborted by stop(): a changelog restore in progress ends at once. */
  private readonly stopping = new AbortController();
  private readonly producer: Producer;
  private readonly serde: AvroEventSerde<DomainEvent>;
  private readonly timer: DeadlineTimer;
  private readonly clock: Clock;
  private readonly eventsTopic: string;
  readonly changelogTopic: string;
  private restored = new Map<number, Promise<void>>();
  private readonly correlation = new Map<string, PendingRecord>();
  private stopped = false;
  private readonly expiryPath: ExpiryPath;
  /** Counts assignments: work of an older one is dropped. */
  private generation = 0;

  constructor(
    private readonly schedule: DeadlineSchedule,
    private readonly options: DeadlineRunnerOptions,
  ) {
    const topics = contextTopics(schedule.context);
    this.eventsTopic = topics.events;
    this.changelogTopic = namespaced(`${schedule.context}.deadlines`);
    this.serde = new AvroEventSerde(options.registry, this.eventsTopic, options.eventSchemas);
    this.clock = options.clock ?? systemClock;
    this.member = new GroupMember(
      options.kafka,
      {
        groupId: namespaced(`${schedule.context}.deadlines`),
        readUncommitted: false,
        maxWaitTimeInMs: 250,
      },
      options.logger,
    );
    this.producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    this.expiryPath = {
      schedule,
      client: options.client,
      producer: this.producer,
      changelogTopic: this.changelogTopic,
      logger: options.logger,
      onFired: options.onFired,
      stopped: () => this.stopped,
    };
    this.timer = new DeadlineTimer({
      clock: this.clock,
      fire: (deadline) =>
        fireDeadline(
          this.expiryPath,
          deadline,
          this.correlation.get(deadline.aggregateId),
          new Date(this.clock.now()).toISOString(),
        ),
      onError: (error, deadline) => {
        options.logger.error({ err: error, ...deadline }, 'deadline could not fire; will retry');
      },
    });
  }

  async start(): Promise<void> {
    const { signal } = this.stopping;
    await waitForTopics(this.options.kafka, [this.eventsTopic], this.options.logger, { signal });
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const topics = { events: this.eventsTopic, changelog: this.changelogTopic };
      await provisionDeadlineChangelog(admin, topics, this.options.replicationFactor ?? 1);
    } finally {
      await admin.disconnect();
    }
    await this.producer.connect();
    const { consumer } = this.member;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const owned = new Set(payload.memberAssignment[this.eventsTopic] ?? []);
      this.restoreOwned(owned);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.eventsTopic, fromBeginning: true });
    await this.member.run({
      eachBatchAutoResolve: false,
      // Offsets are resolved only after the batch's changelog records are written.
      autoCommitThreshold: 1,
      eachBatch: (payload) => this.followEvents(payload),
    });
    this.options.logger.info({ schedule: this.schedule.name }, 'deadline runner started');
  }

  /** Called on a crash the consumer does not restart from: it no longer consumes. */
  onFatalCrash(listener: (error: Error) => void): void {
    onFatalCrash(this.member.consumer, listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.timer.stop();
    await this.member.leave();
    await this.producer.disconnect();
  }

  /** Rebuilds the pending deadlines of the owned partitions from the changelog. */
  private restoreOwned(owned: ReadonlySet<number>) {
    this.generation += 1;
    this.timer.keepPartitions(new Set());
    this.correlation.clear();
    const generation = this.generation;
    const restore = restoreDeadlines({
      kafka: this.options.kafka,
      changelogTopic: this.changelogTopic,
      partitions: owned,
      logger: this.options.logger,
      isCurrent: () => !this.stopped && generation === this.generation,
      signal: this.stopping.signal,
      apply: (aggregateId, partition, record) => {
        this.apply(aggregateId, partition, record);
      },
    }).then((done) => {
      if (!done) return;
      this.options.logger.info(
        { schedule: this.schedule.name, partitions: [...owned], pending: this.timer.queue.size },
        'deadlines restored',
      );
    });
    this.restored = new Map([...owned].map((partition) => [partition, restore]));
  }

  private apply(aggregateId: string, partition: number, record: PendingRecord | null) {
    if (record === null) {
      this.correlation.delete(aggregateId);
      this.timer.clear(aggregateId);
      return;
    }
    this.correlation.set(aggregateId, record);
    this.timer.set({ aggregateId, partition, dueAt: Date.parse(record.dueAt) });
  }

  private async followEvents(payload: EachBatchPayload) {
    const { batch } = payload;
    const current = () => payload.isRunning() && !payload.isStale();
    const restored = this.restored.get(batch.partition);
    if (!restored) throw new Error(`partition ${String(batch.partition)} was not assigned here`);
    await restored;
    const changes: Message[] = [];
    for (const message of batch.messages) {
      if (!current()) break;
      const record = await deadlineChangeOf(this.schedule, this.serde, message);
      if (record !== undefined) {
        const aggregateId = message.key?.toString() ?? '';
        this.apply(aggregateId, batch.partition, record);
        changes.push(deadlineMessage(aggregateId, batch.partition, record));
      }
    }
    // The changelog first, the offsets after: a crash in between replays events whose changes
    // are already in the changelog, which sets and clears the same keys again.
    if (changes.length > 0)
      await this.producer.send({ topic: this.changelogTopic, acks: -1, messages: changes });
    const last = batch.messages.at(-1);
    if (last && current()) {
      payload.resolveOffset(last.offset);
      await payload.commitOffsetsIfNecessary();
    }
    await payload.heartbeat();
  }
}
