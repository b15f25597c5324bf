import type { Kafka } from 'kafkajs';
import type { Command, DomainEvent } from '../decider.ts';
import type { AvroEventSerde } from '../serde/avro-event-serde.ts';
import type { ContextTopics } from '../topics/context-topics.ts';
import type { CommandContext } from './command-context.ts';

/** A context's decider and where its streams live: what taking or restoring a partition reads. */
export interface ContextStreams<C extends Command, E extends DomainEvent, S> {
  readonly kafka: Kafka;
  readonly context: CommandContext<C, E, S>;
  readonly topics: ContextTopics;
  readonly serde: AvroEventSerde<E>;
}
