import type { Server } from 'node:http';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { loadEndpoints } from '@orderflow/config';
import { createKafka } from '@orderflow/kernel';
import { startProjector } from '@orderflow/projector';
import { createQueryApp } from '@orderflow/query-api';
import { defaultRegistrySchema, LiveTargets } from '@orderflow/read-targets';
import { insecureTestSecurity, testLogger } from './command-services.ts';

export interface ReadSide {
  readonly queryApi: string;
  readonly projector: string;
  readonly close: () => Promise<void>;
}

/** The projector and the query API in this process, on ports of the OS's choosing. */
export const startReadSide = async (): Promise<ReadSide> => {
  const endpoints = loadEndpoints();
  const projector = await startProjector({
    port: 0,
    logger: testLogger,
    security: insecureTestSecurity,
  });
  const mongo = new MongoClient(endpoints.mongodbUrl);
  await mongo.connect();
  const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 4 });
  // As in the query API's main.ts: an idle client dropped by a database restart (a chaos test on
  // the shared server) is replaced by the pool; unhandled, it would crash the test process.
  pool.on('error', (error) => {
    testLogger.warn({ err: error }, 'idle PostgreSQL client lost');
  });
  const kafka = createKafka({
    brokers: endpoints.kafkaBrokers,
    clientId: 'e2e-query-api',
    logger: testLogger,
  }).admin();
  const readModelSchema = process.env.READ_MODEL_SCHEMA ?? defaultRegistrySchema;
  const targets = new LiveTargets({
    pool,
    schema: readModelSchema,
    listen: true,
  });
  const app = createQueryApp({
    kafka,
    targets,
    readModelSchema,
    mongo: mongo.db(),
    pg: pool,
    logger: testLogger,
    consistencyTimeoutMs: 15_000,
    security: insecureTestSecurity,
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  const address = server.address();
  return {
    queryApi: `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}`,
    projector: projector.url,
    close: async () => {
      server.close();
      await projector.close();
      await targets.close();
      await Promise.all([mongo.close(), pool.end(), kafka.disconnect()]);
    },
  };
};
