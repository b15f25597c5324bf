import { namespaced } from '@orderflow/config';
import type { Batch, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Command, DomainEvent } from '../decider.ts';
import { decodeCommandRecord, type DecodedCommand } from '../messages/command-record.ts';
import { loggerFor } from '@orderflow/observability';
import { header, readHeader } from '../messages/headers.ts';
import { AvroEventSerde } from '../serde/avro-event-serde.ts';
import { contextTopics, type ContextTopics } from '../topics/context-topics.ts';
import {
  defaultTopicLayout,
  provisionTopics,
  type TopicLayout,
} from '../topics/provision-topics.ts';
import type { AggregateState, PartitionState } from './aggregate-state.ts';
import type { CommandContext } from './command-context.ts';
import { startCommandSpans } from './command-spans.ts';
import type { CommittedBatch } from './committed-batch.ts';
import { decideBatch } from './decide-batch.ts';
import { GroupMember } from '../kafka/group-member.ts';
import { restorePartition } from './restore-partition.ts';
import { writeBatch } from './write-batch.ts';
import { onFatalCrash } from '../kafka/fatal-crash.ts';

export interface CommandProcessorOptions {
  readonly kafka: Kafka;
  readonly registry: SchemaRegistry;
  readonly logger: Logger;
  readonly topicLayout?: TopicLayout;
  /** Events per partition between snapshot checkpoints. */
  readonly snapshotEvery?: number;
  /** Upper bound of commands decided in one transaction. */
  readonly maxCommandsPerTransaction?: number;
  readonly partitionsConsumedConcurrently?: number;
  /** How long a silent member keeps its partitions: the pause after a crash. */
  readonly sessionTimeoutMs?: number;
  /** Told of every committed batch (metrics): after the commit, never for an aborted one. */
  readonly onCommitted?: (batch: CommittedBatch) => void;
}

interface OwnedPartition<S> {
  readonly partition: number;
  readonly producer: Producer;
  readonly state: PartitionState<S>;
  readonly generation: number;
}

/**
 * Runs a context's decider as a consumer-group member of its commands topic. Owning commands
 * partition N makes it the single writer of the aggregates in events partition N: that is the
 * optimistic-concurrency guarantee Kafka itself does not offer. Each batch is one transaction
 * (events + outcomes + consumed offset) by a producer whose transactional id is bound to the
 * partition, so a zombie that lost the partition is fenced as soon as the new owner starts.
 */
export class CommandProcessor<C extends Command, E extends DomainEvent, S> {
  readonly topics: ContextTopics;
  readonly consumerGroupId: string;
  private readonly serde: AvroEventSerde<E>;
  private readonly member: GroupMember;
  /** Aborted by stop(): a restore in progress ends at once instead of holding the shutdown. */
  private readonly stopping = new AbortController();
  private readonly owned = new Map<number, Promise<OwnedPartition<S>>>();
  private generation = 0;

  constructor(
    private readonly context: CommandContext<C, E, S>,
    private readonly options: CommandProcessorOptions,
  ) {
    this.topics = contextTopics(context.name);
    this.consumerGroupId = namespaced(`${context.name}.command-processor`);
    this.serde = new AvroEventSerde(options.registry, this.topics.events, context.eventSchemas);
    this.member = new GroupMember(
      options.kafka,
      {
        groupId: this.consumerGroupId,
        readUncommitted: false,
        sessionTimeout: options.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 5)),
        maxWaitTimeInMs: 500,
      },
      options.logger,
    );
  }

  async start(): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      await provisionTopics(admin, this.topics, this.options.topicLayout ?? defaultTopicLayout);
    } finally {
      await admin.disconnect();
    }
    await this.serde.register();
    // Any rebalance may have moved partitions away and back: state is rebuilt on next use.
    const { consumer } = this.member;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.options.logger.info({ assignment: payload.memberAssignment }, 'joined the group');
      this.generation += 1;
      this.releaseAll();
    });
    consumer.on(consumer.events.REBALANCING, () => {
      this.options.logger.info({ group: this.consumerGroupId }, 'group rebalancing: rejoining');
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.topics.commands, fromBeginning: true });
    await this.member.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.processBatch(payload),
    });
    this.options.logger.info(
      { context: this.context.name, group: this.consumerGroupId },
      'command processor started',
    );
  }

  /** Called on a crash the consumer does not restart from: it no longer consumes. */
  onFatalCrash(listener: (error: Error) => void): void {
    onFatalCrash(this.member.consumer, listener);
  }

  async stop(): Promise<void> {
    const started = Date.now();
    this.options.logger.info({ owned: [...this.owned.keys()] }, 'command processor stopping');
    this.stopping.abort();
    await this.member.leave();
    this.releaseAll();
    this.options.logger.info({ ms: Date.now() - started }, 'command processor stopped');
  }

  private async processBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: {
    batch: Batch;
    resolveOffset: (offset: string) => void;
    heartbeat: () => Promise<void>;
    isRunning: () => boolean;
    isStale: () => boolean;
  }) {
    let owned: OwnedPartition<S>;
    try {
      owned = await this.ownedPartition(batch.partition, heartbeat);
    } catch (error) {
      // Stopping: the restore was cut short; the partition's commands wait for the next owner.
      if (this.stopping.signal.aborted) return;
      throw error;
    }
    const chunkSize = this.options.maxCommandsPerTransaction ?? 500;
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (!isRunning() || isStale() || owned.generation !== this.generation) return;
      const chunk = batch.messages.slice(start, start + chunkSize);
      try {
        await this.decideAndWrite(owned, chunk);
      } catch (error) {
        // The in-memory state may be ahead of or behind Kafka now: rebuild it before the retry.
        this.release(batch.partition);
        this.options.logger.error(
          { err: error, partition: batch.partition },
          'command batch failed; partition state will be rebuilt',
        );
        throw error;
      }
      const last = chunk.at(-1);
      if (last) resolveOffset(last.offset);
      await heartbeat();
    }
  }

  private async decideAndWrite(owned: OwnedPartition<S>, chunk: Batch['messages']) {
    const now = new Date().toISOString();
    const traced = startCommandSpans(
      this.topics.commands,
      chunk.map((message) => ({
        offset: message.offset,
        decoded: decodeCommandRecord<C>(message, this.context.commandBody),
      })),
    );
    try {
      await this.decideAndWriteTraced(owned, chunk, traced.records, now);
      traced.end();
    } catch (error) {
      traced.end(error);
      throw error;
    }
  }

  private async decideAndWriteTraced(
    owned: OwnedPartition<S>,
    chunk: Batch['messages'],
    records: ReturnType<typeof startCommandSpans<C>>['records'],
    now: string,
  ) {
    const { state } = owned;
    const plan = decideBatch<C, E, S>({
      decider: this.context.decider,
      records,
      aggregateState: (id) =>
        state.aggregates.get(id) ?? { state: this.context.decider.initialState, version: 0 },
      isDecided: (commandId) => state.outcomes.has(commandId),
      now,
    });
    const snapshotDue =
      state.eventsSinceCheckpoint + plan.events.length >= (this.options.snapshotEvery ?? 1_000);
    const snapshots =
      snapshotDue && plan.events.length > 0 ? this.snapshotSet(state, plan.changed) : null;
    const last = chunk.at(-1);
    const outcomes = await writeBatch({
      producer: owned.producer,
      context: this.context.name,
      topics: this.topics,
      partition: owned.partition,
      consumerGroupId: this.consumerGroupId,
      serde: this.serde,
      plan,
      records: new Map(chunk.map((message) => [message.offset, message])),
      nextOffset: (BigInt(last?.offset ?? '-1') + 1n).toString(),
      snapshots,
      snapshotVersion: this.context.snapshotVersion,
      now,
    });
    // Committed: only now does the in-memory state move forward.
    for (const [aggregateId, aggregate] of plan.changed) {
      state.aggregates.set(aggregateId, aggregate);
      state.dirty.add(aggregateId);
    }
    for (const outcome of outcomes) state.outcomes.set(outcome.commandId, outcome);
    state.eventsSinceCheckpoint += plan.events.length;
    if (snapshots) {
      state.dirty.clear();
      state.eventsSinceCheckpoint = 0;
    }
    for (const parked of plan.parked) {
      const message = chunk.find((record) => record.offset === parked.offset);
      loggerFor(this.options.logger, {
        commandId: readHeader(message?.headers, header.id),
        correlationId: readHeader(message?.headers, header.correlationId),
        causationId: readHeader(message?.headers, header.causationId),
      }).warn({ partition: owned.partition, ...parked }, 'command parked');
    }
    this.options.onCommitted?.({
      context: this.context.name,
      outcomes,
      events: plan.events,
      commandsIssuedAt: issuedAtOf(records),
      committedAt: Date.now(),
    });
  }

  private snapshotSet(state: PartitionState<S>, changed: ReadonlyMap<string, AggregateState<S>>) {
    const snapshots = new Map<string, AggregateState<S>>();
    for (const aggregateId of state.dirty) {
      const aggregate = state.aggregates.get(aggregateId);
      if (aggregate) snapshots.set(aggregateId, aggregate);
    }
    for (const [aggregateId, aggregate] of changed) snapshots.set(aggregateId, aggregate);
    return snapshots;
  }

  private ownedPartition(
    partition: number,
    heartbeat: () => Promise<void>,
  ): Promise<OwnedPartition<S>> {
    let owned = this.owned.get(partition);
    if (!owned) {
      owned = this.takeOwnership(partition, heartbeat);
      this.owned.set(partition, owned);
      owned.catch(() => this.owned.delete(partition));
    }
    return owned;
  }

  private async takeOwnership(
    partition: number,
    heartbeat: () => Promise<void>,
  ): Promise<OwnedPartition<S>> {
    const generation = this.generation;
    const started = Date.now();
    this.options.logger.info({ partition, generation }, 'taking ownership of partition');
    // Initialising the transactional id fences any previous owner and aborts its open transaction.
    const producer = this.options.kafka.producer({
      transactionalId: `${this.consumerGroupId}.${partition}`,
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
      this.options.logger.info({ partition, ms: Date.now() - started }, 'previous owner fenced');
      const state = await restorePartition({
        kafka: this.options.kafka,
        context: this.context,
        topics: this.topics,
        serde: this.serde,
        partition,
        heartbeat,
        signal: this.stopping.signal,
        onForeignRecord: (position) => {
          this.options.logger.warn(
            { position },
            'ignoring a record without an aggregate version on the events topic: not written by a command processor',
          );
        },
      });
      this.options.logger.info(
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

  private release(partition: number) {
    const owned = this.owned.get(partition);
    this.owned.delete(partition);
    void owned?.then((o) => o.producer.disconnect()).catch(() => undefined);
  }

  private releaseAll() {
    for (const partition of [...this.owned.keys()]) this.release(partition);
  }
}

const issuedAtOf = (records: readonly { readonly decoded: DecodedCommand<Command> }[]) =>
  new Map(
    records.flatMap(({ decoded }): [string, string][] =>
      decoded.ok ? [[decoded.command.metadata.commandId, decoded.command.metadata.issuedAt]] : [],
    ),
  );
