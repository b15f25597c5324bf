import { randomUUID } from 'node:crypto';
import type { Kafka, Message } from 'kafkajs';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { AvroEventSerde, contextTopics, header, provisionTopics } from '@orderflow/kernel';
import type { EventEnvelope, KeyedReadModel } from '@orderflow/projections';
// The kernel's test domain again: its events are tiny, so the projector scenario measures the
// runner and the sink, not Avro decoding of large payloads or a costly fold.
import {
  tallyEventSchemas,
  type TallyEvent,
} from '../../packages/kernel/test/fixtures/tally/generated/tally.ts';

export interface CounterView {
  readonly total: number;
  readonly count: number;
}

/** A view as the keyed sinks store it. */
export interface StoredView {
  readonly id: string;
  readonly version: number;
  readonly view: unknown;
}

export interface CounterEvent {
  readonly aggregateId: string;
  readonly version: number;
  readonly event: TallyEvent;
}

export const layout = { partitions: 3, replicationFactor: 1, commandRetentionMs: 3_600_000 };

/**
 * Aggregates take turns (event i belongs to counter i mod `aggregates`): every counter gets
 * several events, and any `aggregates` consecutive events touch distinct counters.
 */
export const counterEvents = (count: number, aggregates: number): CounterEvent[] => {
  const counters = Array.from({ length: aggregates }, () => randomUUID());
  return Array.from({ length: count }, (_, i) => {
    const counterId = counters[i % aggregates] ?? '';
    const version = Math.floor(i / aggregates) + 1;
    const event: TallyEvent =
      version === 1
        ? { type: 'CounterOpened', data: { counterId, limit: 1_000_000_000 } }
        : { type: 'CounterIncremented', data: { counterId, amount: 1, total: version - 1 } };
    return { aggregateId: counterId, version, event };
  });
};

/** The view `evolveCounter` folds from a counter's first `version` events. */
export const counterViewAt = (version: number): CounterView => ({
  total: version - 1,
  count: version,
});

export const evolveCounter = (
  view: CounterView | null,
  envelope: EventEnvelope,
): CounterView | null => {
  const event = envelope.event as TallyEvent;
  switch (event.type) {
    case 'CounterOpened':
      return view ?? { total: 0, count: 1 };
    case 'CounterIncremented':
      return view === null
        ? null
        : { total: view.total + event.data.amount, count: view.count + 1 };
  }
};

/**
 * A keyed model per run: its name keys the sink's progress, so runs never share progress.
 * Typed as the runner takes it; the sink only ever hands evolve the views evolve returned.
 */
export const counterModel = (context: string, name: string): KeyedReadModel<unknown> => ({
  kind: 'keyed',
  name,
  sources: [{ context, eventSchemas: tallyEventSchemas }],
  evolve: evolveCounter as KeyedReadModel<unknown>['evolve'],
});

/**
 * Writes the events as the command processor does: Avro under the events topic's subjects,
 * CloudEvents headers, keyed by aggregate, in transactions (so the log carries commit markers).
 */
export const preloadCounterEvents = async (options: {
  readonly kafka: Kafka;
  readonly registry: SchemaRegistry;
  readonly context: string;
  readonly events: readonly CounterEvent[];
  readonly eventsPerTransaction: number;
  readonly partitions?: number;
}) => {
  const topics = contextTopics(options.context);
  const admin = options.kafka.admin();
  await admin.connect();
  await provisionTopics(admin, topics, {
    ...layout,
    partitions: options.partitions ?? layout.partitions,
  });
  await admin.disconnect();
  const serde = new AvroEventSerde<TallyEvent>(options.registry, topics.events, tallyEventSchemas);
  await serde.register();
  const producer = options.kafka.producer({
    transactionalId: `${options.context}.preload`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const occurredAt = new Date().toISOString();
  const message = ({ aggregateId, version, event }: CounterEvent): Message => {
    const commandId = randomUUID();
    return {
      key: aggregateId,
      value: serde.encode(event),
      headers: {
        [header.specVersion]: '1.0',
        [header.id]: randomUUID(),
        [header.source]: `/orderflow/${options.context}`,
        [header.type]: serde.fullName(event.type),
        [header.time]: occurredAt,
        [header.subject]: aggregateId,
        [header.contentType]: 'application/avro',
        [header.aggregateVersion]: String(version),
        [header.commandId]: commandId,
        [header.correlationId]: commandId,
        [header.causationId]: commandId,
      },
    };
  };
  for (let i = 0; i < options.events.length; i += options.eventsPerTransaction) {
    const transaction = await producer.transaction();
    await transaction.send({
      topic: topics.events,
      messages: options.events.slice(i, i + options.eventsPerTransaction).map(message),
    });
    await transaction.commit();
  }
  await producer.disconnect();
};

/** Fails the run unless every counter's stored view is the one its last event leads to. */
export const expectFinalViews = (
  stored: readonly StoredView[],
  events: readonly CounterEvent[],
) => {
  const expected = new Map(events.map((e) => [e.aggregateId, e.version]));
  const wrong = stored.filter((row) => {
    const view = row.view as CounterView;
    const want = counterViewAt(expected.get(row.id) ?? 0);
    return (
      row.version !== expected.get(row.id) || view.total !== want.total || view.count !== want.count
    );
  });
  if (stored.length !== expected.size || wrong.length > 0)
    throw new Error(
      `expected ${expected.size} counter views, found ${stored.length}, ${wrong.length} of them wrong`,
    );
};
