import { Kafka, logLevel, type Admin } from 'kafkajs';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { closedPort, uniqueName } from '@orderflow/testing';
import {
  consumerGroupLag,
  kafkaCheck,
  lagCheck,
  mongoCheck,
  postgresCheck,
  runChecks,
  schemaRegistryCheck,
  totalLag,
} from '../src/index.ts';

const endpoints = loadEndpoints();

const kafkaAdmin = (brokers: string[]) =>
  new Kafka({
    brokers,
    clientId: 'readiness-test',
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  }).admin();

let realAdmin: Admin;
let deadAdmin: Admin;
let pool: pg.Pool;
let deadPool: pg.Pool;
let mongo: MongoClient;
let deadMongo: MongoClient;
let dead: number;
beforeAll(async () => {
  dead = await closedPort();
  realAdmin = kafkaAdmin(endpoints.kafkaBrokers);
  deadAdmin = kafkaAdmin([`127.0.0.1:${String(dead)}`]);
  pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 2 });
  deadPool = new pg.Pool({
    connectionString: `postgres://x:y@127.0.0.1:${String(dead)}/z`,
    max: 1,
  });
  deadPool.on('error', () => undefined);
  mongo = new MongoClient(endpoints.mongodbUrl);
  await mongo.connect();
  deadMongo = new MongoClient(`mongodb://127.0.0.1:${String(dead)}/z`, {
    serverSelectionTimeoutMS: 500,
  });
});
afterAll(async () => {
  await Promise.all([
    realAdmin.disconnect(),
    deadAdmin.disconnect(),
    pool.end(),
    deadPool.end(),
    mongo.close(),
    deadMongo.close(),
  ]);
});

describe('readiness checks against the real servers', () => {
  it('pass when Kafka, the registry, PostgreSQL and MongoDB answer', async () => {
    const result = await runChecks([
      kafkaCheck(realAdmin),
      schemaRegistryCheck(endpoints.schemaRegistryUrl),
      postgresCheck(pool),
      mongoCheck(mongo.db()),
    ]);
    expect(result.checks.map(({ name, status }) => `${name}:${status}`)).toEqual([
      'kafka:ok',
      'schema-registry:ok',
      'postgresql:ok',
      'mongodb:ok',
    ]);
    expect(result.ready).toBe(true);
  });

  it('fail, within the timeout, for each dependency on a closed port', async () => {
    const started = Date.now();
    const result = await runChecks(
      [
        kafkaCheck(deadAdmin),
        schemaRegistryCheck(`http://127.0.0.1:${String(dead)}/apis/ccompat/v7`),
        postgresCheck(deadPool),
        mongoCheck(deadMongo.db()),
      ],
      1_500,
    );
    expect(result.ready).toBe(false);
    expect(result.checks.map(({ name, status }) => `${name}:${status}`)).toEqual([
      'kafka:failing',
      'schema-registry:failing',
      'postgresql:failing',
      'mongodb:failing',
    ]);
    expect(result.checks.every((check) => check.durationMs <= 1_700)).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('consumer group lag', () => {
  it('counts the records a group has not committed, and fails a lag check above its bound', async () => {
    const topic = uniqueName('lag-test');
    const groupId = uniqueName('lag-group');
    await realAdmin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const kafka = new Kafka({ brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { partition: 0, value: 'a' },
        { partition: 0, value: 'b' },
        { partition: 1, value: 'c' },
      ],
    });
    await producer.disconnect();
    const lag = () => consumerGroupLag(realAdmin, groupId, [topic]).then(totalLag);
    expect(await lag()).toBe(3);
    await realAdmin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }] });
    expect(await lag()).toBe(1);
    const [over] = (await runChecks([lagCheck('lag:test', lag, 0)])).checks;
    expect(over).toMatchObject({ status: 'failing', error: 'lag 1 events exceeds 0' });
    const [within] = (await runChecks([lagCheck('lag:test', lag, 1)])).checks;
    expect(within?.status).toBe('ok');
    await realAdmin.deleteTopics({ topics: [topic] });
  });
});
