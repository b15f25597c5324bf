import type { KafkaMessage } from 'kafkajs';
import {
  header,
  UndecodableEventError,
  type AvroEventSerde,
  type DomainEvent,
} from '@orderflow/kernel';
import type { EventEnvelope } from './read-model.ts';

const text = (message: KafkaMessage, name: string) => {
  const value = message.headers?.[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined ? null : single.toString();
};

export interface RawEvent {
  readonly context: string;
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
}

/** The aggregate a record belongs to, readable even when its value is not. */
export const aggregateIdOf = (raw: RawEvent) =>
  raw.message.key?.toString() ?? text(raw.message, header.subject) ?? '';

/** Throws UndecodableEventError for a record no retry will decode; anything else is transient. */
export const decodeEnvelope = async (
  raw: RawEvent,
  serde: AvroEventSerde<DomainEvent>,
): Promise<EventEnvelope> => {
  const version = Number(text(raw.message, header.aggregateVersion));
  if (!Number.isInteger(version) || version < 1)
    throw new UndecodableEventError(`missing or invalid ${header.aggregateVersion} header`);
  if (!raw.message.value) throw new UndecodableEventError('record has no value');
  return {
    event: await serde.decode(raw.message.value),
    context: raw.context,
    aggregateId: aggregateIdOf(raw),
    version,
    eventId: text(raw.message, header.id) ?? '',
    occurredAt:
      text(raw.message, header.time) ?? new Date(Number(raw.message.timestamp)).toISOString(),
    correlationId: text(raw.message, header.correlationId),
    causationId: text(raw.message, header.causationId),
    commandId: text(raw.message, header.commandId),
    position: { topic: raw.topic, partition: raw.partition, offset: raw.message.offset },
  };
};

/**
 * The envelope, or why the record will never decode (to park it). A transient failure (the
 * schema registry unreachable) is thrown: the record is retried, never parked for an outage.
 */
export const decodeOrReason = async (
  raw: RawEvent,
  serde: AvroEventSerde<DomainEvent>,
): Promise<EventEnvelope | { readonly undecodable: string }> => {
  try {
    return await decodeEnvelope(raw, serde);
  } catch (error) {
    if (error instanceof UndecodableEventError) return { undecodable: error.message };
    throw error;
  }
};
