import type { Server } from 'node:http';
import express from 'express';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { pino } from 'pino';
import { loadEndpoints } from '@orderflow/config';
import { securityFromEnv } from '@orderflow/http-security';
import {
  HttpDrain,
  readinessGraceMs,
  shutdownOnSignals,
  shutdownTimeoutMs,
} from '@orderflow/lifecycle';
import { createQueryApp } from './app.ts';
import { mongoDatabaseName, querySettings } from './settings.ts';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'query-api' } });
const endpoints = loadEndpoints();
const settings = querySettings();
// Before any connection: without security configuration the API must not start.
const security = securityFromEnv(logger);
const timeoutMs = shutdownTimeoutMs();

const mongoClient = new MongoClient(endpoints.mongodbUrl);
await mongoClient.connect();
const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 10 });
// An idle client losing its connection emits on the pool; without a listener it kills the process.
pool.on('error', (error) => {
  logger.warn({ err: error }, 'idle PostgreSQL connection failed');
});

const app = createQueryApp({
  mongo: mongoClient.db(mongoDatabaseName(endpoints.mongodbUrl)),
  pg: pool,
  logger,
  consistencyTimeoutMs: settings.consistencyTimeoutMs,
  security,
});
const drain = new HttpDrain(readinessGraceMs());
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
    await Promise.all([mongoClient.close(), pool.end()]);
  },
});
