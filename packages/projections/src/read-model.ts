import type { AvroRecordSchema, DomainEvent } from '@orderflow/kernel';

/** An event as a projection sees it: the domain event plus where and when it was recorded. */
export interface EventEnvelope<E extends DomainEvent = DomainEvent> {
  readonly event: E;
  /** The bounded context whose events topic it came from (`orders`, `inventory`, `payments`). */
  readonly context: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly eventId: string;
  readonly occurredAt: string;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly commandId: string | null;
  readonly position: {
    readonly topic: string;
    readonly partition: number;
    readonly offset: string;
  };
}

/** A context whose events feed a read model, with the schemas to decode them. */
export interface EventSource {
  readonly context: string;
  readonly eventSchemas: Readonly<Record<string, AvroRecordSchema>>;
}

/**
 * A read model with one view per aggregate, folded from that aggregate's events. The sink
 * stores `{ id, version, view }` and applies an event only if its version is above the stored
 * one: a duplicated or replayed event is a no-op.
 */
export interface KeyedReadModel<V, N extends string = string> {
  readonly kind: 'keyed';
  /** Its literal type lets a catalogue of models name them exactly (ReadModelName). */
  readonly name: N;
  readonly sources: readonly EventSource[];
  /** Pure and total: an event the view does not care about returns the view unchanged. */
  readonly evolve: (view: V | null, envelope: EventEnvelope) => V | null;
}

/** A row of an append-only read model, identified by its natural key: written at most once. */
export interface AppendedRow {
  readonly table: string;
  readonly values: Readonly<Record<string, string | number | boolean | null | object>>;
}

/**
 * A read model of facts (the event history, sales lines): each event yields rows inserted once,
 * keyed naturally, so a duplicated or replayed event inserts nothing. PostgreSQL only.
 */
export interface AppendOnlyReadModel<N extends string = string> {
  readonly kind: 'append-only';
  readonly name: N;
  readonly sources: readonly EventSource[];
  /** `CREATE TABLE IF NOT EXISTS ...` statements, with `{schema}` where the schema name goes. */
  readonly ddl: readonly string[];
  /** Column names that make a row unique, per table. */
  readonly naturalKeys: Readonly<Record<string, readonly string[]>>;
  readonly rowsFor: (envelope: EventEnvelope) => readonly AppendedRow[];
}

export type ReadModel = KeyedReadModel<unknown> | AppendOnlyReadModel;
