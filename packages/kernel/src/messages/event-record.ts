import type { Message } from 'kafkajs';
import type { PlannedEvent } from '../processor/decide-batch.ts';
import { header, toKafkaHeaders } from './headers.ts';

/** An event as written to the events topic: Avro value, metadata in headers, keyed by aggregate. */
export const eventMessage = (
  context: string,
  /** CloudEvents `type`: the Avro record's full name, as in its registry subject. */
  typeName: string,
  partition: number,
  planned: PlannedEvent,
  value: Buffer,
  occurredAt: string,
): Message => ({
  partition,
  key: planned.aggregateId,
  value,
  headers: toKafkaHeaders({
    [header.specVersion]: '1.0',
    [header.id]: planned.eventId,
    [header.source]: `/orderflow/${context}`,
    [header.type]: typeName,
    [header.time]: occurredAt,
    [header.subject]: planned.aggregateId,
    [header.contentType]: 'application/avro',
    [header.aggregateVersion]: String(planned.version),
    [header.commandId]: planned.command.metadata.commandId,
    [header.correlationId]: planned.command.metadata.correlationId,
    [header.causationId]: planned.command.metadata.commandId,
    [header.traceparent]: planned.command.metadata.traceparent,
    [header.tracestate]: planned.command.metadata.tracestate ?? null,
    [header.issuedBy]: planned.command.metadata.issuedBy ?? null,
  }),
});
