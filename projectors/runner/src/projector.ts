import express from 'express';
import type { Server } from 'node:http';
import { pino, type Logger } from 'pino';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import { createKafka } from '@orderflow/kernel';
import {
  defaultBreakerOptions,
  defaultReadModelSchema,
  defaultWriteTimeoutMs,
  ParkingLot,
  ProjectionRunner,
  type ReadModel,
} from '@orderflow/projections';
import { allReadModels } from '@orderflow/read-models';
import { inNamespace, sinkFor } from './sink-for.ts';
import { createMongoClient, createPgPool } from './store-clients.ts';

export interface ProjectorOptions {
  /** Read model names to run; all of them when absent. */
  readonly projections?: readonly string[];
  readonly port: number;
  readonly logger?: Logger;
}

export interface RunningProjector {
  readonly url: string;
  readonly runners: readonly ProjectionRunner[];
  readonly close: () => Promise<void>;
}

/** Circuit breaker of every sink: 5 failures open it for 60 s unless configured otherwise. */
const breakerSettings = () => ({
  failureThreshold: Number(
    process.env.SINK_BREAKER_FAILURES ?? defaultBreakerOptions.failureThreshold,
  ),
  openMs: Number(process.env.SINK_BREAKER_OPEN_MS ?? defaultBreakerOptions.openMs),
  initialBackoffMs: defaultBreakerOptions.initialBackoffMs,
});

/** A write that exceeds it counts as a sink failure (a NaN would time every write out). */
const writeTimeoutMs = () => {
  const value = Number(process.env.SINK_WRITE_TIMEOUT_MS ?? defaultWriteTimeoutMs);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(
      `SINK_WRITE_TIMEOUT_MS must be a positive number of milliseconds, got ${String(process.env.SINK_WRITE_TIMEOUT_MS)}`,
    );
  return value;
};

export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
}

/** Runs projections (each its own consumer group) and a small HTTP surface for operators. */
export const startProjector = async (options: ProjectorOptions): Promise<RunningProjector> => {
  const logger =
    options.logger ??
    pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'projector' } });
  const models = (allReadModels as readonly ReadModel[]).filter(
    (model) => !options.projections || options.projections.includes(model.name),
  );
  const unknown =
    options.projections?.filter((name) => !models.some((model) => model.name === name)) ?? [];
  if (unknown.length > 0)
    throw new UnknownProjectionError(
      `unknown read models: ${unknown.join(', ')}; known: ${allReadModels.map((m) => m.name).join(', ')}`,
    );

  const endpoints = loadEndpoints();
  const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'projector', logger });
  const registry = new SchemaRegistry({ host: endpoints.schemaRegistryUrl });
  const pool = createPgPool(endpoints.databaseUrl, logger);
  const mongo = createMongoClient(endpoints.mongodbUrl);
  await mongo.connect();
  const schema = process.env.READ_MODEL_SCHEMA ?? defaultReadModelSchema;
  const namespace = process.env.READ_MODEL_NAMESPACE;
  const runners = models.map(
    (model) =>
      new ProjectionRunner({
        kafka,
        registry,
        logger,
        model: inNamespace(model, namespace),
        sink: sinkFor(model, {
          mongo: mongo.db(),
          pool,
          schema,
          ...(namespace ? { namespace } : {}),
        }),
        parking: new ParkingLot(pool, schema, inNamespace(model, namespace).name),
        breaker: breakerSettings(),
        writeTimeoutMs: writeTimeoutMs(),
      }),
  );
  for (const runner of runners) await runner.start();

  const app = express();
  app.get('/healthz', (_request, response) => {
    response.json({ service: 'projector', status: 'ok' });
  });
  app.get('/readyz', (_request, response) => {
    const failing = runners.filter((runner) => runner.breaker.state !== 'closed');
    response.status(failing.length === 0 ? 200 : 503).json({
      service: 'projector',
      status: failing.length === 0 ? 'ready' : 'degraded',
      checks: runners.map((runner) => ({
        name: runner.groupId,
        status: runner.breaker.state === 'closed' ? 'ok' : 'failing',
        breaker: runner.breaker.state,
      })),
    });
  });
  app.get('/v1/projections', (_request, response) => {
    response.json(
      runners.map((runner) => ({
        projection: runner.groupId,
        breaker: runner.breaker.state,
        partitions: runner.stats.snapshot(),
      })),
    );
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(options.port, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  const address = server.address();
  const url = `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : options.port)}`;
  logger.info({ url, projections: models.map((m) => m.name) }, 'projector running');
  return {
    url,
    runners,
    close: async () => {
      server.close();
      await Promise.all(runners.map((runner) => runner.stop()));
      await Promise.all([pool.end(), mongo.close()]);
    },
  };
};
