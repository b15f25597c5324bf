import type { KafkaMessage } from 'kafkajs';
import type { DomainEvent } from '../decider.ts';
import { header, readHeader } from '../messages/headers.ts';
import type { AvroEventSerde } from '../serde/avro-event-serde.ts';
import type { PendingRecord } from './deadline-changelog.ts';
import type { DeadlineSchedule } from './deadline-schedule.ts';

/**
 * The changelog record an event of the context asks for: a pending deadline (set or moved), null
 * (settled: a tombstone), or undefined when the event does not touch the deadline. The event's
 * ids travel with the deadline, so its expiry command is correlated with (and caused by) it.
 */
export const deadlineChangeOf = async (
  schedule: DeadlineSchedule,
  serde: AvroEventSerde<DomainEvent>,
  message: KafkaMessage,
): Promise<PendingRecord | null | undefined> => {
  if (!message.value) return undefined;
  const aggregateId = message.key?.toString() ?? '';
  const event = await serde.decode(message.value);
  const change = schedule.track(event as never, { aggregateId });
  if (change === null) return undefined;
  if (change.kind === 'clear') return null;
  const eventId = readHeader(message.headers, header.id) ?? '';
  return {
    dueAt: change.dueAt,
    correlationId: readHeader(message.headers, header.correlationId) ?? eventId,
    causationId: eventId,
  };
};
