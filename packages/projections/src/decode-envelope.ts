import type { KafkaMessage } from 'kafkajs';
import { header, type AvroEventSerde, type DomainEvent } from '@orderflow/kernel';
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

export const decodeEnvelope = async (
  raw: RawEvent,
  serde: AvroEventSerde<DomainEvent>,
): Promise<EventEnvelope> => {
  const version = Number(text(raw.message, header.aggregateVersion));
  if (!Number.isInteger(version) || version < 1)
    throw new Error(`missing or invalid ${header.aggregateVersion} header`);
  if (!raw.message.value) throw new Error('record has no value');
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
