import { namespaced } from '@orderflow/config';
import type { Batch, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Command, DomainEvent } from '../decider.ts';
import { AvroEventSerde } from '../serde/avro-event-serde.ts';
import { contextTopics, type ContextTopics } from '../topics/context-topics.ts';
import {
  defaultTopicLayout,
  provisionTopics,
  type TopicLayout,
} from '../topics/provision-topics.ts';
import type { CommandContext } from './command-context.ts';
import { commitChunk, type ChunkSetup } from './commit-chunk.ts';
import type { CommittedBatch } from './committed-batch.ts';
import { GroupMember } from '../kafka/group-member.ts';
import { onFatalCrash } from '../kafka/fatal-crash.ts';
import { PartitionOwners, type OwnedPartition } from './partition-owners.ts';

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
  private readonly owners: PartitionOwners<C, E, S>;
  private readonly setup: ChunkSetup<C, E, S>;
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
    this.setup = {
      context,
      topics: this.topics,
      serde: this.serde,
      consumerGroupId: this.consumerGroupId,
      logger: options.logger,
      snapshotEvery: options.snapshotEvery,
      onCommitted: options.onCommitted,
    };
    this.owners = new PartitionOwners({
      ...this.setup,
      kafka: options.kafka,
      generation: () => this.generation,
      signal: this.stopping.signal,
    });
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
      this.owners.releaseAll();
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
    this.options.logger.info({ owned: this.owners.partitions }, 'command processor stopping');
    this.stopping.abort();
    await this.member.leave();
    this.owners.releaseAll();
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
      owned = await this.owners.take(batch.partition, heartbeat);
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
        await commitChunk(this.setup, owned, chunk);
      } catch (error) {
        // The in-memory state may be ahead of or behind Kafka now: rebuild it before the retry.
        this.owners.release(batch.partition);
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
}
