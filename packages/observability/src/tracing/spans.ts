import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

const tracer = () => trace.getTracer('orderflow');

/**
 * Starts a span under `parent`. With tracing off it is a non-recording span that keeps the
 * parent's ids, so the trace context still flows through unchanged.
 */
export const startSpan = (
  name: string,
  kind: SpanKind,
  parent: Context,
  attributes: Attributes = {},
): { span: Span; context: Context } => {
  const span = tracer().startSpan(name, { kind, attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
};

/** Ends a span, marking it failed when the work threw. */
export const endSpan = (span: Span, error?: unknown) => {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : { message: 'a non-Error was thrown' });
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
};

/** Runs `work` inside a new span (active for everything it awaits), ending it either way. */
export const inSpan = async <T>(
  name: string,
  kind: SpanKind,
  parent: Context,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> => {
  const { span, context: inner } = startSpan(name, kind, parent, attributes);
  try {
    const result = await context.with(inner, work);
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
};

export { SpanKind };
