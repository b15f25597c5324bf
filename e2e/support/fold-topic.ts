import type { KafkaMessage } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import {
  AvroEventSerde,
  contextTopics,
  createKafka,
  header,
  readPartitionsToEnd,
  type AvroRecordSchema,
  type DomainEvent,
} from '@orderflow/kernel';
import type { EventEnvelope, KeyedReadModel } from '@orderflow/projections';
import { testLogger } from './command-services.ts';

const endpoints = loadEndpoints();
const kafka = createKafka({
  brokers: endpoints.kafkaBrokers,
  clientId: 'e2e-fold',
  logger: testLogger,
});
const registry = new SchemaRegistry({ host: endpoints.schemaRegistryUrl });

/**
 * The truth a read model must equal: a fresh fold of the topic, read back from Kafka, for the
 * given aggregates.
 */
export const freshFold = async <V>(
  model: KeyedReadModel<V>,
  context: string,
  schemas: Readonly<Record<string, AvroRecordSchema>>,
  aggregateIds: ReadonlySet<string>,
) => {
  const topic = contextTopics(context).events;
  const serde = new AvroEventSerde<DomainEvent>(registry, topic, schemas);
  const records: { partition: number; message: KafkaMessage }[] = [];
  await readPartitionsToEnd(
    kafka,
    [0, 1, 2].map((partition) => ({ topic, partition, fromOffset: '0' })),
    (_t, partition, message) => {
      if (aggregateIds.has(message.key?.toString() ?? '')) records.push({ partition, message });
    },
  );
  const views = new Map<string, { version: number; view: V | null; events: number }>();
  for (const { partition, message } of records) {
    const aggregateId = message.key?.toString() ?? '';
    const version = Number(message.headers?.[header.aggregateVersion]?.toString());
    const envelope: EventEnvelope = {
      event: await serde.decode(message.value ?? Buffer.alloc(0)),
      context,
      aggregateId,
      version,
      eventId: message.headers?.[header.id]?.toString() ?? '',
      occurredAt: message.headers?.[header.time]?.toString() ?? '',
      correlationId: null,
      causationId: null,
      commandId: null,
      position: { topic, partition, offset: message.offset },
    };
    const current = views.get(aggregateId) ?? { version: 0, view: null, events: 0 };
    views.set(aggregateId, {
      version,
      view: model.evolve(current.view, envelope),
      events: current.events + 1,
    });
  }
  return views;
};
