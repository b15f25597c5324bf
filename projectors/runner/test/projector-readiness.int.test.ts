import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { contextTopics } from '@orderflow/kernel';
import { runChecks } from '@orderflow/observability';
import {
  defaultReadModelSchema,
  ParkingLot,
  ProjectionRunner,
  type ReadModel,
} from '@orderflow/projections';
import { allReadModels } from '@orderflow/read-models';
import {
  closedPort,
  removeKafkaNamespace,
  uniqueKafkaNamespace,
  uniqueName,
} from '@orderflow/testing';
import { projectorReadiness } from '../src/projector-readiness.ts';
import { sinkFor } from '../src/sink-for.ts';

const endpoints = loadEndpoints();
const logger = pino({ level: 'silent' });
// As the projector does: the read models' precise types are not needed here.
const model = (allReadModels as readonly ReadModel[]).find(
  (candidate) => candidate.name === 'stock-levels',
);
if (!model) throw new Error('no stock-levels read model');
// The inventory events topic in a Kafka namespace of the file's own, created and filled here:
// the live topic may not exist (a fresh cluster) or hold anything at all.
const namespace = uniqueKafkaNamespace('readiness');
const topic = contextTopics('inventory', { ORDERFLOW_KAFKA_NAMESPACE: namespace }).events;
/** What a group that never committed trails the topic by: every record in it. */
const records = 5;

let pool: pg.Pool;
let mongo: MongoClient;
beforeAll(async () => {
  pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 2 });
  mongo = new MongoClient(endpoints.mongodbUrl);
  await mongo.connect();
  const kafka = new Kafka({ brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
  await admin.disconnect();
  // Lag counts records, not events: the values need not decode.
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: records }, (_, i) => ({
      key: `sku-${String(i)}`,
      value: 'x',
    })),
  });
  await producer.disconnect();
});
afterAll(async () => {
  await Promise.all([pool.end(), mongo.close(), removeKafkaNamespace(namespace)]);
});

/** The readiness of a projector with one (never started) runner, against the given Kafka. */
const readinessWith = (brokers: string[], options: { groupId: string; maxLag: number }) => {
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING, retry: { retries: 1 } });
  const runner = new ProjectionRunner({
    kafka,
    registry: new SchemaRegistry({ host: endpoints.schemaRegistryUrl }),
    logger,
    model,
    sink: sinkFor(model, { mongo: mongo.db(), pool, schema: defaultReadModelSchema }),
    parking: new ParkingLot(pool, defaultReadModelSchema, model.name),
    groupId: options.groupId,
  });
  const admin = kafka.admin();
  const checks = projectorReadiness({
    admin,
    registryUrl: endpoints.schemaRegistryUrl,
    pool,
    mongo: mongo.db(),
    runners: () => [{ name: model.name, runner, topics: [topic] }],
    maxLag: options.maxLag,
  });
  return { check: () => runChecks(checks()), close: () => admin.disconnect() };
};

const summary = (result: Awaited<ReturnType<ReturnType<typeof readinessWith>['check']>>) =>
  result.checks.map(({ name, status }) => `${name}:${status}`);

describe('projector readiness', () => {
  it('fails Kafka and the lag check when Kafka is on a closed port, the stores still ok', async () => {
    const dead = await closedPort();
    const readiness = readinessWith([`127.0.0.1:${String(dead)}`], {
      groupId: uniqueName('readiness'),
      maxLag: 1_000_000_000,
    });
    const result = await readiness.check();
    await readiness.close();
    expect(result.ready).toBe(false);
    expect(summary(result)).toEqual([
      'kafka:failing',
      'schema-registry:ok',
      'postgresql:ok',
      'mongodb:ok',
      'sink:stock-levels:ok',
      'lag:stock-levels:failing',
    ]);
  });

  it('fails only the lag check for a group that trails its topic by more than the bound', async () => {
    // A group that never committed trails the whole topic: all its records.
    const group = uniqueName('readiness');
    const behind = readinessWith(endpoints.kafkaBrokers, { groupId: group, maxLag: records - 1 });
    const result = await behind.check();
    await behind.close();
    expect(summary(result)).toEqual([
      'kafka:ok',
      'schema-registry:ok',
      'postgresql:ok',
      'mongodb:ok',
      'sink:stock-levels:ok',
      'lag:stock-levels:failing',
    ]);
    expect(result.checks.find((check) => check.name === 'lag:stock-levels')).toMatchObject({
      error: `lag ${String(records)} events exceeds ${String(records - 1)}`,
    });
    const within = readinessWith(endpoints.kafkaBrokers, { groupId: group, maxLag: records });
    const ok = await within.check();
    await within.close();
    expect(summary(ok)).toContain('lag:stock-levels:ok');
    expect(ok.ready).toBe(true);
  });
});
