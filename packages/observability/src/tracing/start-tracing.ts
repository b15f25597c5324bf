import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  TracerProvider,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';

export interface TracingOptions {
  readonly service: string;
  /** A test's in-memory exporter: spans are handed over as each one ends. */
  readonly exporter?: SpanExporter;
  readonly env?: NodeJS.ProcessEnv;
}

export interface Tracing {
  /** True when spans are recorded and exported; false when tracing is off. */
  readonly recording: boolean;
  readonly shutdown: () => Promise<void>;
}

let started: Tracing | undefined;

/** Whether spans are recorded in this process: work that only makes spans may skip itself. */
export const tracingRecords = () => started?.recording ?? false;

/** OTLP/HTTP export is on when one of the standard endpoint variables is set. */
export const otlpConfigured = (env: NodeJS.ProcessEnv) =>
  Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT) &&
  env.OTEL_SDK_DISABLED !== 'true';

/**
 * Once per process. W3C trace context is always propagated (an incoming traceparent is carried
 * on to Kafka even with tracing off); spans are recorded only with an exporter, so when
 * tracing is off the API's no-op tracer costs next to nothing.
 */
export const startTracing = (options: TracingOptions): Tracing => {
  if (started) return started;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const env = options.env ?? process.env;
  const exporting = options.exporter !== undefined || otlpConfigured(env);
  if (!exporting) {
    started = { recording: false, shutdown: () => Promise.resolve() };
    return started;
  }
  const processor = options.exporter
    ? new SimpleSpanProcessor({ exporter: options.exporter })
    : new BatchSpanProcessor({ exporter: new OTLPTraceExporter() });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? options.service }),
    spanProcessors: [processor],
  });
  trace.setGlobalTracerProvider(provider);
  started = { recording: true, shutdown: () => provider.shutdown() };
  return started;
};
