import { Router } from 'express';
import { runChecks, type ReadinessCheck } from '../health/checks.ts';
import { scrapeMetrics } from '../metrics/scrape.ts';

export interface OperationsOptions {
  /** e.g. `orders-commands`, `projector`, `query-api`. */
  readonly service: string;
  readonly version: string;
  /** What must answer for this process to take work; any failing one makes /readyz 503. */
  readonly readiness: () => readonly ReadinessCheck[];
  readonly checkTimeoutMs?: number;
}

/**
 * /healthz (liveness: the process answers; dependencies are deliberately not checked, so an
 * outage of Kafka does not get every process restarted), /readyz (dependencies, each with its
 * status and duration), /metrics (Prometheus text format).
 */
export const operationsRoutes = (options: OperationsOptions): Router => {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ service: options.service, version: options.version, status: 'ok', checks: [] });
  });
  router.get('/readyz', (_request, response, next) => {
    runChecks(options.readiness(), options.checkTimeoutMs)
      .then(({ ready, checks }) => {
        response.status(ready ? 200 : 503).json({
          service: options.service,
          version: options.version,
          status: ready ? 'ready' : 'not-ready',
          checks,
        });
      })
      .catch(next);
  });
  router.get('/metrics', (_request, response, next) => {
    scrapeMetrics()
      .then(({ contentType, body }) => {
        response.type(contentType).send(body);
      })
      .catch(next);
  });
  return router;
};
