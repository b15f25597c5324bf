import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpProblem, problemResponder } from '@orderflow/http-problem';
import { announceInsecureMode, requireScope, type HttpSecurity } from '@orderflow/http-security';
import {
  httpMetrics,
  httpTracing,
  operationsRoutes,
  type ReadinessCheck,
} from '@orderflow/observability';
import type { ProjectionRunner } from '@orderflow/projections';

export interface OperationsAppOptions {
  readonly logger: Logger;
  readonly version: string;
  readonly readiness: () => readonly ReadinessCheck[];
  /** True while the projector stops: /readyz answers 503 `draining`. */
  readonly draining: () => boolean;
  /** The runners of the projections' current live targets, read on every request. */
  readonly runners: () => readonly ProjectionRunner[];
  readonly security: HttpSecurity;
}

const notFound: RequestHandler = (request, _response, next) => {
  next(
    new HttpProblem(
      'NOT_FOUND',
      { status: 404, title: 'No such resource' },
      { detail: `${request.method} ${request.path} is not a route of the projector` },
    ),
  );
};

const internalError = () =>
  new HttpProblem('INTERNAL_ERROR', { status: 500, title: 'Unexpected error' });

/**
 * The projector's HTTP surface for operators, guarded like the other processes: /healthz,
 * /readyz and /metrics stay open (probes and Prometheus scrapes carry no credentials, and they
 * hold no read-model data), everything else needs the `admin` scope: the projections' positions
 * and breaker states are operational detail, and later admin routes inherit the guard.
 */
export const projectorOperationsApp = (options: OperationsAppOptions) => {
  const app = express();
  app.disable('x-powered-by');
  const { authenticator } = options.security;
  app.use(httpMetrics(), httpTracing(), announceInsecureMode(authenticator));
  app.use(
    operationsRoutes({
      service: 'projector',
      version: options.version,
      readiness: options.readiness,
      draining: options.draining,
    }),
  );
  // Everything below, including a route that does not exist: an unauthenticated caller learns
  // nothing about which routes there are.
  app.use(requireScope(authenticator, 'admin'));
  app.get('/v1/projections', (_request, response) => {
    response.json(
      options.runners().map((runner) => ({
        projection: runner.groupId,
        breaker: runner.breaker.state,
        partitions: runner.stats.snapshot(),
      })),
    );
  });
  app.use(notFound);
  app.use(problemResponder({ logger: options.logger, toProblem: internalError }));
  return app;
};
