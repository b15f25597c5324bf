import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import pg from 'pg';
import type { Logger } from 'pino';
import { integerSetting, loadEndpoints, type Endpoints } from '@orderflow/config';
import { createKafka } from '@orderflow/kernel';
import { defaultRegistrySchema, TargetRegistry } from '@orderflow/read-targets';

/** A store the CLI cannot reach: the message names it and its URL, the exit code is 3. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

export interface Connections {
  readonly endpoints: Endpoints;
  readonly logger: Logger;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly schemaRegistry: SchemaRegistry;
  readonly pool: pg.Pool;
  readonly mongo: Db;
  /** The read models' base schema, where the target registry lives. */
  readonly schema: string;
  readonly registry: TargetRegistry;
  readonly close: () => Promise<void>;
}

/** How long a store may take to answer before the CLI says it is unreachable. */
const connectTimeoutMs = () =>
  integerSetting('REPLAY_CONNECT_TIMEOUT_MS', { default: 5000, min: 1, max: 600_000 });

const withoutPassword = (url: string) => {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
};

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

const within = async <T>(what: string, work: Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new UnreachableError(`${what} did not answer within ${String(connectTimeoutMs())} ms`),
      );
    }, connectTimeoutMs());
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    if (error instanceof UnreachableError) throw error;
    throw new UnreachableError(`${what} is unreachable: ${reason(error)}`);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Connects to PostgreSQL, MongoDB and Kafka, each probed with a short timeout so that a store
 * that is down is an immediate, named error instead of a hang in a retry loop.
 */
export const connect = async (logger: Logger): Promise<Connections> => {
  const endpoints = loadEndpoints();
  const timeout = connectTimeoutMs();
  const pool = new pg.Pool({
    connectionString: endpoints.databaseUrl,
    max: 8,
    connectionTimeoutMillis: timeout,
  });
  pool.on('error', (error) => {
    logger.warn({ err: error }, 'idle PostgreSQL connection failed');
  });
  const mongoClient = new MongoClient(endpoints.mongodbUrl, {
    serverSelectionTimeoutMS: timeout,
    connectTimeoutMS: timeout,
  });
  const closers: (() => Promise<unknown>)[] = [() => pool.end(), () => mongoClient.close()];
  const close = async () => {
    await Promise.allSettled(closers.map((closer) => closer()));
  };
  try {
    await within(`PostgreSQL at ${withoutPassword(endpoints.databaseUrl)}`, pool.query('select 1'));
    await within(
      `MongoDB at ${withoutPassword(endpoints.mongodbUrl)}`,
      mongoClient.connect().then((client) => client.db().command({ ping: 1 })),
    );
    const brokers = endpoints.kafkaBrokers.join(',');
    // The probe does not retry: a broker that is down fails it within the timeout.
    const probe = new Kafka({
      clientId: 'orderflow-replay-probe',
      brokers: endpoints.kafkaBrokers,
      connectionTimeout: timeout,
      requestTimeout: timeout,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    }).admin();
    await within(
      `Kafka at ${brokers}`,
      probe.connect().then(() => probe.listTopics()),
    ).finally(() => probe.disconnect());
    const kafka = createKafka({
      brokers: endpoints.kafkaBrokers,
      clientId: 'orderflow-replay',
      logger,
    });
    const admin = kafka.admin();
    await within(`Kafka at ${brokers}`, admin.connect());
    closers.push(() => admin.disconnect());
    const schema = process.env.READ_MODEL_SCHEMA ?? defaultRegistrySchema;
    return {
      endpoints,
      logger,
      kafka,
      admin,
      schemaRegistry: new SchemaRegistry({ host: endpoints.schemaRegistryUrl }),
      pool,
      mongo: mongoClient.db(),
      schema,
      registry: new TargetRegistry(pool, schema),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
};
