import { namespaced } from '@orderflow/config';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { CommandClient } from '../client/command-client.ts';
import type { DomainEvent } from '../decider.ts';
import { contextFromKafkaHeaders, inSpan, loggerFor, SpanKind } from '@orderflow/observability';
import { header, readHeader } from '../messages/headers.ts';
import { AvroEventSerde, type AvroRecordSchema } from '../serde/avro-event-serde.ts';
import { contextTopics } from '../topics/context-topics.ts';
import { onFatalCrash } from '../kafka/fatal-crash.ts';
import { GroupMember } from '../kafka/group-member.ts';
import { waitForTopics } from '../kafka/wait-for-topics.ts';
import { ownership, type Ownership } from './batch-ownership.ts';
import { readSourceEvent } from './read-source-event.ts';
import {
  defaultStepRetry,
  settleStep,
  type PolicyReaction,
  type SagaStepHooks,
  type StepRetrySettings,
} from './settle-step.ts';

export type { PolicyReaction } from './settle-step.ts';
export { policyCommandId, policyIssuer } from './policy-command-id.ts';

export interface PolicyHooks extends SagaStepHooks {
  /** A record on the source topic that never decodes, so gets no reaction. */
  readonly onUnreadableEvent?: (unreadable: { policy: string }) => void;
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

export interface PolicyRunnerOptions {
  readonly kafka: Kafka;
  readonly registry: SchemaRegistry;
  readonly logger: Logger;
  readonly sourceSchemas: Readonly<Record<string, AvroRecordSchema>>;
  readonly client: CommandClient;
  readonly retry?: Partial<StepRetrySettings>;
  /** Metric hooks: failed attempts, stuck steps, unreadable records. */
  readonly hooks?: PolicyHooks;
}

/**
 * Runs one policy as a consumer group over its source context's events, issuing its commands
 * through the reacting context's own command path (the CommandClient). An event's offset is
 * committed only once every command it caused has done its step (accepted, or refused with an
 * answer the policy expects); a failed step is retried under a new attempt id, never dropped.
 * Events are handled one after another: a retry never overtakes a later command on the same
 * aggregate. Replays never run policies: they use projection runners only.
 */
export class PolicyRunner {
  private readonly member: GroupMember;
  /** Aborted by stop(): a start still waiting for the source topic gives up at once. */
  private readonly stopping = new AbortController();
  private started: Promise<void> | undefined;
  private readonly serde: AvroEventSerde<DomainEvent>;
  private readonly topic: string;
  private readonly retry: StepRetrySettings;

  constructor(
    private readonly policy: SagaPolicy,
    private readonly options: PolicyRunnerOptions,
  ) {
    this.topic = contextTopics(policy.sourceContext).events;
    this.serde = new AvroEventSerde(options.registry, this.topic, options.sourceSchemas);
    this.retry = { ...defaultStepRetry, ...options.retry };
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

  get name(): string {
    return this.policy.name;
  }

  /**
   * Resolves once consuming, or as soon as stop() is called. `topicsTimeoutMs`: how long to wait
   * for the source context's topics before failing.
   */
  start(topicsTimeoutMs?: number): Promise<void> {
    this.started ??= this.join(topicsTimeoutMs).catch((error: unknown) => {
      if (!this.stopping.signal.aborted) throw error;
    });
    return this.started;
  }

  private async join(timeoutMs?: number): Promise<void> {
    const { signal } = this.stopping;
    await waitForTopics(this.options.kafka, [this.topic], this.options.logger, {
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      signal,
    });
    signal.throwIfAborted();
    const { consumer } = this.member;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    signal.throwIfAborted();
    await this.member.run({
      eachBatchAutoResolve: false,
      autoCommitThreshold: 1,
      eachBatch: async (payload) => {
        const owned = ownership(payload, () => this.stopping.signal.aborted, this.options.logger);
        for (const message of payload.batch.messages) {
          if (!owned.keepGoing()) return;
          // Unfinished (stopping, or the partition moved): not resolved, so redelivered.
          if (!(await this.react(message, payload.batch.partition, owned))) return;
          payload.resolveOffset(message.offset);
          await owned.heartbeat();
        }
        await payload.commitOffsetsIfNecessary();
      },
    });
    this.options.logger.info({ policy: this.policy.name, topic: this.topic }, 'policy started');
  }

  /** Called on a crash the consumer does not restart from: the policy no longer runs. */
  onFatalCrash(listener: (error: Error) => void): void {
    onFatalCrash(this.member.consumer, listener);
  }

  /** Also ends a start still waiting for its topic or for its first join. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all([this.started?.catch(() => undefined), this.member.leave()]);
  }

  private async react(message: KafkaMessage, partition: number, owned: Ownership) {
    const value = message.value;
    if (!value) {
      // Not an event (events are never deleted, so never tombstoned): nothing to react to.
      this.options.logger.error(
        { policy: this.policy.name, topic: this.topic, partition, offset: message.offset },
        'record without a value on an events topic: no reaction',
      );
      return true;
    }
    // Without Orderflow headers the event still is one (its payload names its schema): its
    // position stands in for its id, so its commands' ids stay deterministic.
    const headerId = readHeader(message.headers, header.id);
    const eventId = headerId ?? `${this.topic}/${String(partition)}/${message.offset}`;
    const headerVersion = Number(readHeader(message.headers, header.aggregateVersion));
    const version = Number.isInteger(headerVersion) ? headerVersion : 0;
    if (!headerId || version === 0) {
      this.options.logger.warn(
        { policy: this.policy.name, partition, offset: message.offset, eventId },
        'event without Orderflow id/version headers: reacting under its position',
      );
    }
    const aggregateId = message.key?.toString() ?? '';
    // The reaction is a child of the event's span: a saga step shows under the order's trace.
    return inSpan(
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
      () =>
        this.reactTo(
          message,
          { eventId, version, aggregateId, value, position: { partition, offset: message.offset } },
          owned,
        ),
    );
  }

  private async reactTo(message: KafkaMessage, ref: EventRef, owned: Ownership) {
    const { eventId, version, aggregateId, value } = ref;
    const record = { policy: this.policy.name, topic: this.topic, ...ref.position, value };
    const event = await readSourceEvent(this.serde, record, owned, this.retry, this.options.logger);
    if (event === 'left') return false;
    if (event === 'unreadable') {
      this.options.hooks?.onUnreadableEvent?.({ policy: this.policy.name });
      return true;
    }
    const reactions = this.policy.react(event as never, { aggregateId, version, eventId });
    const correlationId = readHeader(message.headers, header.correlationId) ?? eventId;
    if (reactions.length > 0) {
      loggerFor(this.options.logger, { correlationId, causationId: eventId }).debug(
        { policy: this.policy.name, commands: reactions.map((reaction) => reaction.type) },
        'policy reacts',
      );
    }
    // One event's commands target different aggregates (one per key): settled side by side.
    const settled = await Promise.all(
      reactions.map((reaction) =>
        settleStep({
          policy: this.policy.name,
          reaction,
          eventId,
          correlationId,
          client: this.options.client,
          logger: this.options.logger,
          settings: this.retry,
          hooks: this.options.hooks ?? {},
          ...owned,
        }),
      ),
    );
    return settled.every(Boolean);
  }
}

interface EventRef {
  readonly eventId: string;
  readonly version: number;
  readonly aggregateId: string;
  readonly value: Buffer;
  readonly position: { readonly partition: number; readonly offset: string };
}
