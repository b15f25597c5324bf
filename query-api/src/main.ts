import type { Server } from 'node:http';
import express from 'express';
import { loadEndpoints } from '@orderflow/config';
import { createKafka } from '@orderflow/kernel';
import { createLogger, startTracing } from '@orderflow/observability';
import {
  createMongoClient,
  createPgPool,
  defaultRegistrySchema,
  LiveTargets,
} from '@orderflow/read-targets';
import { securityFromEnv } from '@orderflow/http-security';
import {
  HttpDrain,
  readinessGraceMs,
  shutdownOnSignals,
  shutdownTimeoutMs,
} from '@orderflow/lifecycle';
import { createQueryApp } from './app.ts';
import { readModelNamespace } from './read-model-namespace.ts';
import { mongoDatabaseName, querySettings } from './settings.ts';

const logger = createLogger('query-api');
startTracing({ service: 'query-api' }); // exports only when OTLP is configured
const endpoints = loadEndpoints();
const settings = querySettings();
const namespace = readModelNamespace();
// Before any connection: without security configuration the API must not start.
const security = securityFromEnv(logger);
const timeoutMs = shutdownTimeoutMs();

// Bounded clients, shared with the projector: a store that is down or stops answering makes a
// read fail within seconds (503 READ_MODEL_UNAVAILABLE) instead of holding it. Neither store is
// awaited here: the API starts while FerretDB is down, serves the PostgreSQL read models, and
// /readyz says which store fails; the MongoDB driver connects on first use and reconnects.
const mongoClient = createMongoClient(endpoints.mongodbUrl);
const pool = createPgPool(endpoints.databaseUrl, logger);

// Readiness only: the projections' lag against the event topics' high watermarks.
const kafkaAdmin = createKafka({
  brokers: endpoints.kafkaBrokers,
  clientId: 'query-api',
  logger,
}).admin();

// The projector's READ_MODEL_SCHEMA: its registry of live targets and its parked events.
const readModelSchema = process.env.READ_MODEL_SCHEMA ?? defaultRegistrySchema;
const targets = new LiveTargets({
  pool,
  schema: readModelSchema,
  listen: true,
  onError: (error) => {
    logger.warn({ err: error }, 'reading the target registry failed');
  },
});
// While it drains, /readyz answers 503 `draining`, probing nothing.
const drain = new HttpDrain(readinessGraceMs());
const app = createQueryApp({
  draining: () => drain.draining,
  kafka: kafkaAdmin,
  targets,
  readModelSchema,
  mongo: mongoClient.db(mongoDatabaseName(endpoints.mongodbUrl)),
  pg: pool,
  logger,
  consistencyTimeoutMs: settings.consistencyTimeoutMs,
  security,
  ...(namespace ? { readModelNamespace: namespace } : {}),
});
const root = express().disable('x-powered-by').use(drain.gate, app);
const host = '127.0.0.1';
const server = await new Promise<Server>((resolve, reject) => {
  const listening = root.listen(settings.port, host, () => {
    resolve(listening);
  });
  listening.once('error', reject);
});
const address = server.address();
const port = typeof address === 'object' && address ? address.port : settings.port; // 0: the OS chose
logger.info({ url: `http://${host}:${String(port)}` }, 'query API listening');

// Readiness fails first, in-flight reads finish (a consistency wait is bounded), then the stores go.
shutdownOnSignals({
  logger,
  timeoutMs,
  stop: async () => {
    await drain.close(server);
    await targets.close();
    await Promise.all([mongoClient.close(), pool.end(), kafkaAdmin.disconnect()]);
  },
});
