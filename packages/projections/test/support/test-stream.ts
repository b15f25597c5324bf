import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { pino } from 'pino';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import { uniqueName } from '@orderflow/testing';
import {
  AvroEventSerde,
  contextTopics,
  createKafka,
  header,
  provisionTopics,
  type AvroRecordSchema,
} from '@orderflow/kernel';
import type { EventSource } from '../../src/index.ts';

export const testLogger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
const endpoints = loadEndpoints();
export const kafka = createKafka({
  brokers: endpoints.kafkaBrokers,
  clientId: 'projections-test',
  logger: testLogger,
});
export const registry = new SchemaRegistry({ host: endpoints.schemaRegistryUrl });
export const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 5 });
export const mongo = new MongoClient(endpoints.mongodbUrl);

export type LedgerEvent = { type: 'Deposited'; data: { amount: number } };

const deposited: AvroRecordSchema = {
  type: 'record',
  name: 'Deposited',
  namespace: 'dev.orderflow.ledgertest',
  fields: [{ name: 'amount', type: 'long' }],
};

/** A fresh context with one event type, and a writer that appends events as the kernel would. */
export const createTestStream = async ({ partitions = 2 }: { partitions?: number } = {}) => {
  const context = uniqueName('ledger').replace('-', '');
  const topics = contextTopics(context);
  const admin = kafka.admin();
  await admin.connect();
  await provisionTopics(admin, topics, {
    partitions,
    replicationFactor: 1,
    commandRetentionMs: 3_600_000,
  });
  await admin.disconnect();
  const serde = new AvroEventSerde<LedgerEvent>(registry, topics.events, { Deposited: deposited });
  await serde.register();
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const versions = new Map<string, number>();
  const source: EventSource = { context, eventSchemas: { Deposited: deposited } };

  const append = async (aggregateId: string, ...amounts: number[]) => {
    const messages = amounts.map((amount) => {
      const version = (versions.get(aggregateId) ?? 0) + 1;
      versions.set(aggregateId, version);
      return {
        key: aggregateId,
        value: serde.encode({ type: 'Deposited', data: { amount } }),
        headers: {
          [header.id]: randomUUID(),
          [header.aggregateVersion]: String(version),
          [header.time]: new Date().toISOString(),
          [header.type]: 'dev.orderflow.ledgertest.Deposited',
        },
      };
    });
    await producer.send({ topic: topics.events, messages });
  };
  const appendRaw = async (aggregateId: string, value: Buffer) => {
    const version = (versions.get(aggregateId) ?? 0) + 1;
    versions.set(aggregateId, version);
    await producer.send({
      topic: topics.events,
      messages: [
        { key: aggregateId, value, headers: { [header.aggregateVersion]: String(version) } },
      ],
    });
  };
  return { context, topics, source, append, appendRaw, close: () => producer.disconnect() };
};

export const eventually = async <T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** The offsets a consumer group has committed on a topic's partitions (none: an empty list). */
export const committedOffsets = async (groupId: string, topic: string) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).filter((p) => p.offset !== '-1');
  } finally {
    await admin.disconnect();
  }
};
