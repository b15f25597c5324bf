import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import {
  AvroEventSerde,
  contextTopics,
  createKafka,
  header,
  provisionTopics,
  type AvroRecordSchema,
} from '@orderflow/kernel';
import {
  mongoKeyedSink,
  postgresAppendOnlySink,
  type AppendOnlyReadModel,
  type EventSource,
  type KeyedReadModel,
} from '@orderflow/projections';
import { modelForVersion } from '@orderflow/projector';
import { mongoCollectionOf, pgSchemaOf } from '@orderflow/read-targets';
import { uniqueName } from '@orderflow/testing';
import type { CatalogEntry } from '../../src/catalog.ts';

export const testLogger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
const endpoints = loadEndpoints();
export const kafka = createKafka({
  brokers: endpoints.kafkaBrokers,
  clientId: 'replay-test',
  logger: testLogger,
});
const registry = new SchemaRegistry({ host: endpoints.schemaRegistryUrl });

const deposited: AvroRecordSchema = {
  type: 'record',
  name: 'Deposited',
  namespace: 'dev.orderflow.replaytest',
  fields: [{ name: 'amount', type: 'long' }],
};

/** A fresh context with one event type, written as the kernel writes events. */
export const createLedgerStream = async () => {
  const context = uniqueName('replayledger').replace('-', '');
  const topics = contextTopics(context);
  const admin = kafka.admin();
  await admin.connect();
  await provisionTopics(admin, topics, {
    partitions: 2,
    replicationFactor: 1,
    commandRetentionMs: 3_600_000,
  });
  await admin.disconnect();
  const serde = new AvroEventSerde<{ type: 'Deposited'; data: { amount: number } }>(
    registry,
    topics.events,
    {
      Deposited: deposited,
    },
  );
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
          [header.type]: 'dev.orderflow.replaytest.Deposited',
        },
      };
    });
    await producer.send({ topic: topics.events, messages });
  };
  return { context, topics, source, append, close: () => producer.disconnect() };
};

export interface Balance {
  readonly total: number;
  readonly deposits: number;
}

/** A keyed model in MongoDB: one balance per account. */
export const balancesEntry = (source: EventSource): CatalogEntry => {
  const model: KeyedReadModel<unknown> = {
    kind: 'keyed',
    name: uniqueName('balances'),
    sources: [source],
    evolve: (view, envelope) => {
      const { amount } = envelope.event.data as { amount: number };
      const current = (view as Balance | null) ?? { total: 0, deposits: 0 };
      return { total: current.total + amount, deposits: current.deposits + 1 };
    },
  };
  const collection = `balances_${randomUUID().slice(0, 8)}`;
  return {
    model,
    store: 'mongodb',
    collection,
    tables: [],
    sink: (stores, version) =>
      mongoKeyedSink({
        db: stores.mongo,
        model: modelForVersion(model, version),
        collection: `${mongoCollectionOf(collection, version)}${stores.collectionSuffix ?? ''}`,
      }),
  };
};

/** An append-only model in PostgreSQL: one row per deposit, with when it happened. */
export const depositsEntry = (source: EventSource): CatalogEntry => {
  const table = `deposits_${randomUUID().slice(0, 8)}`;
  const model: AppendOnlyReadModel = {
    kind: 'append-only',
    name: uniqueName('deposits'),
    sources: [source],
    ddl: [
      `create table if not exists {schema}.${table} (account text not null, version integer not null, amount bigint not null,
        occurred_at timestamptz not null, primary key (account, version))`,
    ],
    naturalKeys: { [table]: ['account', 'version'] },
    rowsFor: (envelope) => [
      {
        table,
        values: {
          account: envelope.aggregateId,
          version: envelope.version,
          amount: (envelope.event.data as { amount: number }).amount,
          occurred_at: envelope.occurredAt,
        },
      },
    ],
  };
  return {
    model,
    store: 'postgresql',
    tables: [table],
    sink: (stores, version) =>
      postgresAppendOnlySink({
        pool: stores.pool,
        model: modelForVersion(model, version),
        schema: pgSchemaOf(stores.schema, version),
      }),
  };
};
