import { Router } from 'express';
import { runChecks, type CheckResult, type ReadinessCheck } from '../health/checks.ts';
import { scrapeMetrics } from '../metrics/scrape.ts';

export interface OperationsOptions {
  /** e.g. `orders-commands`, `projector`, `query-api`. */
  readonly service: string;
  readonly version: string;
  /** What must answer for this process to take work; any failing one makes /readyz 503. */
  readonly readiness: () => readonly ReadinessCheck[];
  readonly checkTimeoutMs?: number;
  /**
   * True once the process is stopping (its HttpDrain): /readyz then answers 503 with status
   * `draining` at once, probing nothing (the dependencies' clients are being closed).
   */
  readonly draining?: () => boolean;
}

/** The one failing check of a draining process: /readyz keeps its usual shape while stopping. */
const drainingCheck: CheckResult = {
  name: 'shutdown',
  status: 'failing',
  durationMs: 0,
  error: 'the process is stopping: it takes no new work',
};

/**
 * /healthz (liveness: the process answers; dependencies are deliberately not checked, so an
 * outage of Kafka does not get every process restarted), /readyz (dependencies, each with its
 * status and duration; 503 `draining` while the process stops), /metrics (Prometheus text format).
 */
export const operationsRoutes = (options: OperationsOptions): Router => {
  const router = Router();
  const identity = { service: options.service, version: options.version };
  router.get('/healthz', (_request, response) => {
    response.json({ ...identity, status: 'ok', checks: [] });
  });
  router.get('/readyz', (_request, response, next) => {
    if (options.draining?.()) {
      response.status(503).json({ ...identity, status: 'draining', checks: [drainingCheck] });
      return;
    }
    runChecks(options.readiness(), options.checkTimeoutMs)
      .then(({ ready, checks }) => {
        response.status(ready ? 200 : 503).json({
          ...identity,
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
