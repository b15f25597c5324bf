import { namespaced } from '@orderflow/config';
import { createHash } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { CommandClient } from '../client/command-client.ts';
import type { DomainEvent } from '../decider.ts';
import { contextFromKafkaHeaders, inSpan, loggerFor, SpanKind } from '@orderflow/observability';
import { header, readHeader } from '../messages/headers.ts';
import { AvroEventSerde, type AvroRecordSchema } from '../serde/avro-event-serde.ts';
import { contextTopics } from '../topics/context-topics.ts';
import { GroupMember } from '../kafka/group-member.ts';
import { waitForTopics } from '../kafka/wait-for-topics.ts';

export interface PolicyReaction {
  readonly type: string;
  readonly aggregateId: string;
  readonly data: unknown;
  /** Tells apart the commands issued for one event; part of their ids. */
  readonly key: string;
}

/** A saga step: a pure, deterministic reaction to the events of another context. */
export interface SagaPolicy {
  readonly name: string;
  readonly sourceContext: string;
  readonly react: (
    event: never,
    meta: { aggregateId: string; version: number; eventId: string },
  ) => readonly PolicyReaction[];
}

/**
 * The same event always yields the same command ids, so a reaction re-run after a crash (the
 * offset was not committed yet) is answered from the command's first outcome: exactly once.
 */
export const policyCommandId = (policy: string, eventId: string, key: string) => {
  const hash = createHash('sha256').update(`${policy}\n${eventId}\n${key}`).digest('hex');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-8${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
};

/**
 * Runs one policy as a consumer group over its source context's events, issuing its commands
 * through the reacting context's own command path (the CommandClient). Offsets are committed
 * after the commands are on the commands topic. Replays never run policies: they use
 * projection runners only.
 */
export class PolicyRunner {
  private readonly member: GroupMember;
  /** Aborted by stop(): a start still waiting for the source topic gives up at once. */
  private readonly stopping = new AbortController();
  private started: Promise<void> | undefined;
  private readonly serde: AvroEventSerde<DomainEvent>;
  private readonly topic: string;

  constructor(
    private readonly policy: SagaPolicy,
    private readonly options: {
      readonly kafka: Kafka;
      readonly registry: SchemaRegistry;
      readonly logger: Logger;
      readonly sourceSchemas: Readonly<Record<string, AvroRecordSchema>>;
      readonly client: CommandClient;
    },
  ) {
    this.topic = contextTopics(policy.sourceContext).events;
    this.serde = new AvroEventSerde(options.registry, this.topic, options.sourceSchemas);
    this.member = new GroupMember(
      options.kafka,
      {
        groupId: namespaced(`policy.${policy.name}`),
        readUncommitted: false,
        maxWaitTimeInMs: 250,
      },
      options.logger,
    );
  }

  /** Resolves once consuming, or as soon as stop() is called. */
  start(): Promise<void> {
    this.started ??= this.join().catch((error: unknown) => {
      if (!this.stopping.signal.aborted) throw error;
    });
    return this.started;
  }

  private async join(): Promise<void> {
    const { signal } = this.stopping;
    await waitForTopics(this.options.kafka, [this.topic], this.options.logger, { signal });
    signal.throwIfAborted();
    const { consumer } = this.member;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    signal.throwIfAborted();
    await this.member.run({
      eachBatchAutoResolve: false,
      autoCommitThreshold: 1,
      eachBatch: async (payload) => {
        for (const message of payload.batch.messages) {
          if (!payload.isRunning() || payload.isStale()) return;
          await this.react(message);
          payload.resolveOffset(message.offset);
          await payload.heartbeat();
        }
        await payload.commitOffsetsIfNecessary();
      },
    });
    this.options.logger.info({ policy: this.policy.name, topic: this.topic }, 'policy started');
  }

  /** Also ends a start still waiting for its topic or for its first join. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all([this.started?.catch(() => undefined), this.member.leave()]);
  }

  private async react(message: KafkaMessage) {
    const eventId = readHeader(message.headers, header.id);
    const version = Number(readHeader(message.headers, header.aggregateVersion));
    const aggregateId = message.key?.toString() ?? '';
    const value = message.value;
    if (!eventId || !Number.isInteger(version) || !value) {
      this.options.logger.error(
        { policy: this.policy.name, offset: message.offset },
        'not an Orderflow event: no reaction',
      );
      return;
    }
    // The reaction is a child of the event's span: a saga step shows under the order's trace.
    await inSpan(
      `policy ${this.policy.name} process ${this.topic}`,
      SpanKind.CONSUMER,
      contextFromKafkaHeaders(message.headers),
      {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': this.topic,
        'messaging.message.id': eventId,
        'messaging.kafka.offset': Number(message.offset),
      },
      () => this.reactTo(message, { eventId, version, aggregateId, value }),
    );
  }

  private async reactTo(message: KafkaMessage, { eventId, version, aggregateId, value }: EventRef) {
    const event = await this.serde.decode(value);
    const reactions = this.policy.react(event as never, { aggregateId, version, eventId });
    const correlationId = readHeader(message.headers, header.correlationId) ?? eventId;
    if (reactions.length > 0) {
      loggerFor(this.options.logger, { correlationId, causationId: eventId }).debug(
        { policy: this.policy.name, commands: reactions.map((reaction) => reaction.type) },
        'policy reacts',
      );
    }
    for (const reaction of reactions) {
      await this.options.client.submit({
        type: reaction.type,
        data: reaction.data,
        aggregateId: reaction.aggregateId,
        commandId: policyCommandId(this.policy.name, eventId, reaction.key),
        correlationId,
        causationId: eventId,
      });
    }
  }
}

interface EventRef {
  readonly eventId: string;
  readonly version: number;
  readonly aggregateId: string;
  readonly value: Buffer;
}
