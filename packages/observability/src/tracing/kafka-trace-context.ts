import {
  context,
  propagation,
  ROOT_CONTEXT,
  trace,
  type Context,
  type TextMapGetter,
} from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

export interface TraceHeaders {
  readonly traceparent: string | null;
  readonly tracestate: string | null;
}

const kafkaHeaderGetter: TextMapGetter<IHeaders | undefined> = {
  keys: (headers) => Object.keys(headers ?? {}),
  get: (headers, key) => {
    const value = headers?.[key];
    const single = Array.isArray(value) ? value[0] : value;
    return single === undefined ? undefined : single.toString();
  },
};

/** The trace context a Kafka record carries (W3C traceparent / tracestate headers). */
export const contextFromKafkaHeaders = (headers: IHeaders | undefined): Context =>
  propagation.extract(ROOT_CONTEXT, headers, kafkaHeaderGetter);

/** The trace context of strings, e.g. a command's metadata. */
export const contextFromTraceHeaders = (values: Partial<TraceHeaders>): Context => {
  const carrier: Record<string, string> = {};
  if (values.traceparent) carrier.traceparent = values.traceparent;
  if (values.tracestate) carrier.tracestate = values.tracestate;
  return propagation.extract(ROOT_CONTEXT, carrier);
};

/** The W3C headers to write for a context: null when it holds no valid span. */
export const traceHeadersOf = (of: Context = context.active()): TraceHeaders => {
  const carrier: Record<string, string> = {};
  if (trace.getSpanContext(of)) propagation.inject(of, carrier);
  return { traceparent: carrier.traceparent ?? null, tracestate: carrier.tracestate ?? null };
};
