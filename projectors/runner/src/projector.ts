import type { Server } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { integerSetting, loadEndpoints, packageVersion } from '@orderflow/config';
import { contextTopics, createKafka } from '@orderflow/kernel';
import { securityFromEnv, type HttpSecurity } from '@orderflow/http-security';
import { createLogger, startTracing } from '@orderflow/observability';
import {
  defaultBreakerOptions,
  defaultReadModelSchema,
  defaultWriteTimeoutMs,
  ParkingLot,
  ProjectionRunner,
  type ReadModel,
} from '@orderflow/projections';
import { HttpDrain } from '@orderflow/lifecycle';
import { allReadModels } from '@orderflow/read-models';
import { projectorMetrics } from './projector-metrics.ts';
import { projectorReadiness } from './projector-readiness.ts';
import {
  createMongoClient,
  createPgPool,
  LiveTargets,
  progressNameOf,
  TargetRegistry,
} from '@orderflow/read-targets';
import { LiveProjection } from './live-projection.ts';
import { projectorOperationsApp } from './operations-app.ts';
import { inNamespace, sinkFor } from './sink-for.ts';

export interface ProjectorOptions {
  /** Read model names to run; all of them when absent. */
  readonly projections?: readonly string[];
  readonly port: number;
  readonly logger?: Logger;
  /** Who may read its operations routes (README, Security); from the environment when absent. */
  readonly security?: HttpSecurity;
}

export interface RunningProjector {
  readonly url: string;
  /** The runners of the projections' current live targets. */
  readonly runners: () => readonly ProjectionRunner[];
  readonly logger: Logger;
  /** Graceful: readiness fails, each runner finishes and commits its batch and leaves its group. */
  readonly close: () => Promise<void>;
}

/** How often the registry is checked for a switched live target (a NOTIFY makes it fresh). */
const targetPollMs = () =>
  integerSetting('PROJECTOR_TARGET_POLL_MS', { default: 250, min: 10, max: 60_000 });

/** Circuit breaker of every sink: 5 failures open it for 60 s unless configured otherwise. */
const breakerSettings = () => ({
  failureThreshold: integerSetting('SINK_BREAKER_FAILURES', {
    default: defaultBreakerOptions.failureThreshold,
    min: 1,
    max: 1_000,
  }),
  openMs: integerSetting('SINK_BREAKER_OPEN_MS', {
    default: defaultBreakerOptions.openMs,
    min: 1,
    max: 3_600_000,
  }),
  initialBackoffMs: defaultBreakerOptions.initialBackoffMs,
});

/** A write that exceeds it counts as a sink failure. */
const writeTimeoutMs = () =>
  integerSetting('SINK_WRITE_TIMEOUT_MS', {
    default: defaultWriteTimeoutMs,
    min: 1,
    max: 3_600_000,
  });

export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
}

/** Runs projections (each its own consumer group) and a small HTTP surface for operators. */
export const startProjector = async (options: ProjectorOptions): Promise<RunningProjector> => {
  const logger = options.logger ?? createLogger('projector');
  // Before any connection: without security configuration the projector must not start.
  const security = options.security ?? securityFromEnv(logger);
  startTracing({ service: 'projector' }); // once per process; exports only when OTLP is configured
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
  const targetRegistry = new TargetRegistry(pool, schema);
  const projections = models.map(
    (model) =>
      new LiveProjection({
        model,
        registry: targetRegistry,
        logger,
        runnerFor: (target) =>
          new ProjectionRunner({
            kafka,
            registry,
            logger,
            model: inNamespace(model, namespace),
            // Version 1 keeps the group it always had (namespaced); a rebuilt one, its own.
            ...(target.version === 1 ? {} : { groupId: target.groupId }),
            sink: sinkFor(
              model,
              { mongo: mongo.db(), pool, schema, ...(namespace ? { namespace } : {}) },
              target.version,
            ),
            parking: new ParkingLot(
              pool,
              schema,
              progressNameOf(inNamespace(model, namespace).name, target.version),
            ),
            breaker: breakerSettings(),
            writeTimeoutMs: writeTimeoutMs(),
          }),
      }),
  );
  for (const projection of projections) await projection.start();
  const runners = () => projections.flatMap((projection) => projection.runner ?? []);
  // A rebuild's switch is NOTIFY'd by the registry; the poll also covers a lost notification.
  const liveTargets = new LiveTargets({
    pool,
    schema,
    ttlMs: 1000,
    listen: true,
    onError: (error) => {
      logger.warn({ err: error }, 'reading the target registry failed');
    },
  });
  const followTimer = setInterval(() => {
    void liveTargets
      .snapshot()
      .then((snapshot) => Promise.all(projections.map((p) => p.follow(snapshot.versionOf(p.name)))))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'moving a projection to its new live target failed');
      });
  }, targetPollMs());

  const admin = kafka.admin();
  // Read on every scrape / probe: a rebuild's switch replaces a projection's runner.
  const named = () =>
    projections.flatMap((projection, index) => {
      const model = models[index];
      return projection.runner && model
        ? [
            {
              name: inNamespace(model, namespace).name,
              runner: projection.runner,
              topics: model.sources.map((source) => contextTopics(source.context).events),
            },
          ]
        : [];
    });
  const stopMetrics = projectorMetrics(named, { pool, schema });

  const projectorChecks = projectorReadiness({
    admin,
    registryUrl: endpoints.schemaRegistryUrl,
    pool,
    mongo: mongo.db(),
    runners: named,
  });
  const drain = new HttpDrain();
  const app = projectorOperationsApp({
    logger,
    version: packageVersion(import.meta.url),
    readiness: projectorChecks,
    draining: () => drain.draining, // then /readyz answers 503 `draining`, probing nothing
    runners,
    security,
  });
  const root = express().disable('x-powered-by').use(drain.gate, app);
  const server = await new Promise<Server>((resolve) => {
    const listening = root.listen(options.port, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  const address = server.address();
  const url = `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : options.port)}`;
  logger.info({ url, projections: models.map((m) => m.name) }, 'projector running');
  return {
    url,
    runners,
    logger,
    close: async () => {
      drain.start();
      clearInterval(followTimer);
      // The sink commits offsets with the rows, inside a batch: stop() waits for that batch.
      await Promise.all(projections.map((projection) => projection.stop()));
      await drain.close(server);
      stopMetrics();
      await liveTargets.close();
      await admin.disconnect();
      await Promise.all([pool.end(), mongo.close()]);
    },
  };
};
