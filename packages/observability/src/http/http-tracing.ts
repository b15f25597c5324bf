import { context, propagation, ROOT_CONTEXT, SpanKind, type Context } from '@opentelemetry/api';
import type { RequestHandler, Response } from 'express';
import { endSpan, startSpan } from '../tracing/spans.ts';
import { routeLabel } from './http-metrics.ts';

/**
 * A SERVER span per request, continuing the caller's traceparent, active for the handlers so
 * what they send to Kafka becomes its child. Named by route pattern once the route is known.
 */
export const httpTracing = (): RequestHandler => (request, response, next) => {
  const parent = propagation.extract(ROOT_CONTEXT, request.headers);
  const { span, context: active } = startSpan(request.method, SpanKind.SERVER, parent, {
    'http.request.method': request.method,
  });
  response.once('finish', () => {
    const route = routeLabel(request);
    span.updateName(`${request.method} ${route}`);
    span.setAttribute('http.route', route);
    span.setAttribute('http.response.status_code', response.statusCode);
    endSpan(span);
  });
  // Body parsers resume in the socket's async context, not ours: handlers that send to Kafka
  // take the context from here rather than trusting context.active().
  response.locals.traceContext = active;
  context.with(active, next);
};

/** The request's span context (the caller's, continued), for what the handler sends on. */
export const requestTraceContext = (response: Response): Context =>
  (response.locals.traceContext as Context | undefined) ?? context.active();
