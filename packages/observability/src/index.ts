export * from './health/checks.ts';
export * from './health/dependency-checks.ts';
export * from './health/kafka-lag.ts';
export * from './metrics/process-registry.ts';
export { scrapeMetrics } from './metrics/scrape.ts';
export { httpMetrics, routeLabel } from './http/http-metrics.ts';
export { httpTracing, requestTraceContext } from './http/http-tracing.ts';
export { operationsRoutes, type OperationsOptions } from './http/operations-routes.ts';
export {
  startTracing,
  otlpConfigured,
  tracingRecords,
  type Tracing,
  type TracingOptions,
} from './tracing/start-tracing.ts';
export * from './tracing/kafka-trace-context.ts';
export { startSpan, endSpan, inSpan, SpanKind } from './tracing/spans.ts';
export * from './logging/logger.ts';
