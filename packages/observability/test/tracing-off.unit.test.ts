import { describe, expect, it } from 'vitest';
import {
  contextFromTraceHeaders,
  SpanKind,
  startSpan,
  startTracing,
  traceHeadersOf,
  tracingRecords,
} from '../src/index.ts';

describe('tracing off (no OTLP endpoint, no exporter)', () => {
  it('records nothing, yet carries an incoming trace context through a span unchanged', () => {
    const tracing = startTracing({ service: 'test', env: {} });
    expect(tracing.recording).toBe(false);
    expect(tracingRecords()).toBe(false);
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { span, context } = startSpan(
      'send',
      SpanKind.PRODUCER,
      contextFromTraceHeaders({ traceparent, tracestate: 'a=1' }),
    );
    expect(span.isRecording()).toBe(false);
    expect(traceHeadersOf(context)).toEqual({ traceparent, tracestate: 'a=1' });
  });

  it('turns on with an OTLP endpoint variable only', async () => {
    const { otlpConfigured } = await import('../src/index.ts');
    expect(otlpConfigured({})).toBe(false);
    expect(otlpConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(otlpConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/v1/traces' })).toBe(true);
    expect(
      otlpConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_SDK_DISABLED: 'true' }),
    ).toBe(false);
  });
});
