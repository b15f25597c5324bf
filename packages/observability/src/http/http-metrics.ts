import type { Request, RequestHandler } from 'express';
import { httpRequestDuration, httpRequests } from '../metrics/process-registry.ts';

/**
 * The route pattern (`/v1/orders/:orderId`), never the raw path: one series per route, not
 * one per order. Requests no route matched share the label `unmatched`.
 */
export const routeLabel = (request: Request): string => {
  const route = (request as { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? `${request.baseUrl}${route.path}` : 'unmatched';
};

/** Counts and times every answer; mount first, so errors and 404s are measured too. */
export const httpMetrics = (): RequestHandler => (request, response, next) => {
  const started = process.hrtime.bigint();
  response.once('finish', () => {
    const labels = {
      method: request.method,
      route: routeLabel(request),
      status: String(response.statusCode),
    };
    httpRequests.inc(labels);
    httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  });
  next();
};
