import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { announceInsecureMode, requireScope, type HttpSecurity } from '@orderflow/http-security';
import { progressReaders } from './consistency/progress-sources.ts';
import { consistencyTokenOf, readYourWrites } from './consistency/read-your-writes.ts';
import { runChecks, storeChecks } from './health.ts';
import { parkedEventsAdmin } from './admin/parked-events.ts';
import { notFound, problemResponder, requestLog } from './http-edge.ts';
import { openApiDocument } from './openapi.ts';
import type { ReadRoute, ReadStores } from './read-route.ts';
import { readRoutes } from './routes/index.ts';
import { validatedRequest } from './validation.ts';

export interface QueryAppOptions {
  readonly mongo: Db;
  readonly pg: Pool;
  readonly logger: Logger;
  /** How long a read with X-Consistency-Token waits for the projections (default 5000). */
  readonly consistencyTimeoutMs?: number;
  readonly version?: string;
  /** Who may read and administer (README, Security); health and OpenAPI stay open. */
  readonly security: HttpSecurity;
}

const service = 'query-api';

/** The express app of the query API: read models over HTTP, read-your-writes on request. */
export const createQueryApp = (options: QueryAppOptions) => {
  const stores: ReadStores = { mongo: options.mongo, pg: options.pg };
  const version = options.version ?? process.env.npm_package_version ?? '0.1.0';
  const context: ServeContext = {
    stores,
    readers: progressReaders(stores),
    timeoutMs: options.consistencyTimeoutMs ?? 5000,
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestLog(options.logger));
  const { authenticator } = options.security;
  app.use(announceInsecureMode(authenticator));

  const mayRead = requireScope(authenticator, 'queries:read');
  for (const route of readRoutes) app.get(route.path, mayRead, serve(route, context));
  app.use('/v1/admin', requireScope(authenticator, 'admin'));
  app.use(parkedEventsAdmin(options.pg));
  app.get('/openapi.json', (_request, response) => {
    response.json(openApiDocument(readRoutes, version));
  });
  app.get('/healthz', (_request, response) => {
    response.json({ service, version, status: 'ok' });
  });
  app.get('/readyz', (_request, response, next) => {
    runChecks(storeChecks(stores))
      .then(({ ready, checks }) => {
        response
          .status(ready ? 200 : 503)
          .json({ service, version, status: ready ? 'ready' : 'not-ready', checks });
      })
      .catch(next);
  });
  app.use(notFound);
  app.use(problemResponder(options.logger));
  return app;
};

interface ServeContext {
  readonly stores: ReadStores;
  readonly readers: Parameters<typeof readYourWrites>[0]['readers'];
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
  if (token) {
    const clientGone = new AbortController();
    response.once('close', () => {
      clientGone.abort();
    });
    await readYourWrites({
      token,
      routeProjections: route.projections,
      readers: context.readers,
      timeoutMs: context.timeoutMs,
      signal: clientGone.signal,
    });
  }
  const result = await route.read({ ...input, stores: context.stores });
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
