import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import type { Admin } from 'kafkajs';
import type { Logger } from 'pino';
import {
  httpMetrics,
  httpTracing,
  kafkaCheck,
  maxProjectionLag,
  mongoCheck,
  operationsRoutes,
  postgresCheck,
} from '@orderflow/observability';
import { packageVersion } from '@orderflow/config';
import { defaultRegistrySchema, LiveTargets } from '@orderflow/read-targets';
import { announceInsecureMode, requireScope, type HttpSecurity } from '@orderflow/http-security';
import { progressReaders } from './consistency/progress-sources.ts';
import { consistencyTokenOf, readYourWrites } from './consistency/read-your-writes.ts';
import { projectionLagChecks } from './projection-lag.ts';
import { parkedEventsAdmin } from './admin/parked-events.ts';
import { notFound, problemResponder, requestLog } from './http-edge.ts';
import { openApiDocument } from './openapi.ts';
import { inReadModelNamespace, type ReadTargets } from './read-model-namespace.ts';
import type { ReadRoute, ReadStores } from './read-route.ts';
import { readRoutes } from './routes/index.ts';
import { validatedRequest } from './validation.ts';

export interface QueryAppOptions {
  readonly mongo: Db;
  readonly pg: Pool;
  readonly logger: Logger;
  /** How long a read with X-Consistency-Token waits for the projections (default 5000). */
  readonly consistencyTimeoutMs?: number;
  /** Reported on /healthz, /readyz and /openapi.json; by default this package's version. */
  readonly version?: string;
  /** True while the process stops (its HttpDrain): /readyz answers 503 `draining`. */
  readonly draining?: () => boolean;
  /**
   * Kafka, for readiness: the projections' lag against the topics' high watermarks. Without
   * it readiness checks only the stores.
   */
  readonly kafka?: Admin;
  /** Most events a projection may trail its topics while the API is ready (PROJECTION_MAX_LAG). */
  readonly maxProjectionLag?: number;
  /**
   * Where the read models' registry, version-1 tables and parked events are (READ_MODEL_SCHEMA,
   * default `read_models`).
   */
  readonly readModelSchema?: string;
  /**
   * The live targets (the owner closes them). By default the registry in `readModelSchema` is
   * re-read every 250 ms without LISTEN, so nothing is left to close.
   */
  readonly targets?: LiveTargets;
  /** Who may read and administer (README, Security); health and OpenAPI stay open. */
  readonly security: HttpSecurity;
  /**
   * READ_MODEL_NAMESPACE: serve an isolated copy of the read side (its collections and progress);
   * pair it with that copy's `readModelSchema` / targets.
   */
  readonly readModelNamespace?: string;
}

const service = 'query-api';

/** The express app of the query API: read models over HTTP, read-your-writes on request. */
export const createQueryApp = (options: QueryAppOptions) => {
  const stores = { mongo: options.mongo, pg: options.pg };
  const version = options.version ?? packageVersion(import.meta.url);
  const readModelSchema = options.readModelSchema ?? defaultRegistrySchema;
  const targets =
    options.targets ??
    new LiveTargets({
      pool: options.pg,
      schema: readModelSchema,
      ttlMs: 250,
      onError: (error) => {
        options.logger.warn({ err: error }, 'reading the target registry failed');
      },
    });
  // Every read and every progress check goes through the namespace's names.
  const snapshot = async () =>
    inReadModelNamespace(await targets.snapshot(), options.readModelNamespace);
  const context: ServeContext = {
    stores,
    snapshot,
    timeoutMs: options.consistencyTimeoutMs ?? 5000,
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Operations: metrics and a span for every request, then /healthz, /readyz, /metrics.
  const { authenticator } = options.security;
  app.use(httpMetrics(), httpTracing(), announceInsecureMode(authenticator));
  app.use(
    operationsRoutes({
      service,
      version,
      ...(options.draining ? { draining: options.draining } : {}),
      readiness: () => [
        mongoCheck(stores.mongo),
        postgresCheck(stores.pg),
        ...(options.kafka
          ? [
              kafkaCheck(options.kafka),
              ...projectionLagChecks(
                options.kafka,
                // A fresh snapshot per probe: the live versions' progress, as reads see it.
                progressReaders({ ...stores, targets: snapshot }),
                options.maxProjectionLag ?? maxProjectionLag(),
              ),
            ]
          : []),
      ],
    }),
  );
  app.use(requestLog(options.logger));

  const mayRead = requireScope(authenticator, 'queries:read');
  for (const route of readRoutes) app.get(route.path, mayRead, serve(route, context));
  app.use('/v1/admin', requireScope(authenticator, 'admin'));
  app.use(parkedEventsAdmin(options.pg, readModelSchema));
  app.get('/openapi.json', (_request, response) => {
    response.json(openApiDocument(readRoutes, version));
  });
  app.use(notFound);
  app.use(problemResponder(options.logger));
  return app;
};

interface ServeContext {
  readonly stores: Omit<ReadStores, 'targets'>;
  /** A fresh view of the live targets, in the read-model namespace. */
  readonly snapshot: () => Promise<ReadTargets>;
  readonly timeoutMs: number;
}

const serve =
  (route: ReadRoute, context: ServeContext): RequestHandler =>
  (request, response, next) => {
    answer(route, context, request, response).catch(next);
  };

const answer = async (
  route: ReadRoute,
  context: ServeContext,
  request: Request,
  response: Response,
) => {
  const input = validatedRequest(route, request);
  const token = consistencyTokenOf(request);
  // One snapshot of the live targets for the whole request, taken on first use: its consistency
  // wait and all its reads use the same versions, even if a rebuild switches meanwhile.
  let snapshot: Promise<ReadTargets> | undefined;
  const targets = () => (snapshot ??= context.snapshot());
  if (token) {
    const clientGone = new AbortController();
    response.once('close', () => {
      clientGone.abort();
    });
    await readYourWrites({
      token,
      routeProjections: route.projections,
      readers: progressReaders({ ...context.stores, targets }),
      timeoutMs: context.timeoutMs,
      signal: clientGone.signal,
    });
  }
  const stores: ReadStores = { ...context.stores, targets: await targets() };
  const result = await route.read({ ...input, stores });
  if (result.etag) {
    response.setHeader('ETag', result.etag);
    const held = request
      .get('if-none-match')
      ?.split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''));
    if (held?.includes(result.etag)) {
      response.status(304).end();
      return;
    }
  }
  response.json(result.body);
};
