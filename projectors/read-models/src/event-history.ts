import type { AppendOnlyReadModel, AppendedRow, EventEnvelope } from '@orderflow/projections';
import {
  inventoryEventOf,
  inventorySource,
  ordersEventOf,
  ordersSource,
  paymentsEventOf,
  paymentsSource,
} from './context-events.ts';

const table = 'event_history';

// A type alias, not an interface: a row must be assignable to AppendedRow's record of values.
/** Every event of every context, with where it was recorded: the audit trail and saga trace. */
export type EventHistoryRow = {
  readonly context: string;
  readonly aggregate_id: string;
  readonly version: number;
  readonly event_id: string;
  readonly event_type: string;
  readonly payload: object;
  readonly occurred_at: string;
  readonly correlation_id: string | null;
  readonly causation_id: string | null;
  readonly command_id: string | null;
  readonly topic: string;
  readonly partition: number;
  /** A string: Kafka offsets are 64-bit and may exceed a JS number's exact range. */
  readonly offset: string;
};

const knownEventOf = (envelope: EventEnvelope) =>
  ordersEventOf(envelope) ?? inventoryEventOf(envelope) ?? paymentsEventOf(envelope);

// Decoded Avro records can be instances of generated classes; a JSON round trip leaves the plain
// data that jsonb stores. Longs already arrive as JS numbers, which JSON keeps as they are.
const plainJson = (data: unknown): object => JSON.parse(JSON.stringify(data ?? null)) as object;

export const eventHistoryRowsFor = (envelope: EventEnvelope): AppendedRow[] => {
  const event = knownEventOf(envelope);
  if (event === null) return [];
  const values: EventHistoryRow = {
    context: envelope.context,
    aggregate_id: envelope.aggregateId,
    version: envelope.version,
    event_id: envelope.eventId,
    event_type: event.type,
    payload: plainJson(event.data),
    occurred_at: envelope.occurredAt,
    correlation_id: envelope.correlationId,
    causation_id: envelope.causationId,
    command_id: envelope.commandId,
    topic: envelope.position.topic,
    partition: envelope.position.partition,
    offset: envelope.position.offset,
  };
  return [{ table, values }];
};

export const eventHistory: AppendOnlyReadModel<'event-history'> = {
  kind: 'append-only',
  name: 'event-history',
  sources: [ordersSource, inventorySource, paymentsSource],
  ddl: [
    `CREATE TABLE IF NOT EXISTS {schema}.${table} (
      context text NOT NULL,
      aggregate_id text NOT NULL,
      version integer NOT NULL,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      payload jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      correlation_id text NULL,
      causation_id text NULL,
      command_id text NULL,
      topic text NOT NULL,
      partition integer NOT NULL,
      "offset" bigint NOT NULL,
      PRIMARY KEY (context, aggregate_id, version)
    )`,
    // A saga's events share the correlation id across contexts: this lists one order's whole story.
    `CREATE INDEX IF NOT EXISTS ${table}_correlation_idx ON {schema}.${table} (correlation_id, occurred_at)
      WHERE correlation_id IS NOT NULL`,
    // "What happened lately", across every aggregate.
    `CREATE INDEX IF NOT EXISTS ${table}_occurred_at_idx ON {schema}.${table} (occurred_at)`,
  ],
  // An aggregate's version is unique within its context: a replayed event inserts nothing.
  naturalKeys: { [table]: ['context', 'aggregate_id', 'version'] },
  rowsFor: eventHistoryRowsFor,
};
