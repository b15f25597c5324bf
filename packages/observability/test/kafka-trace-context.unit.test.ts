import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  contextFromKafkaHeaders,
  contextFromTraceHeaders,
  SpanKind,
  startSpan,
  startTracing,
  traceHeadersOf,
} from '../src/index.ts';

const exporter = new InMemorySpanExporter();
startTracing({ service: 'test', exporter });

const incoming = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('trace context in Kafka headers', () => {
  it('continues the trace of a record: a child span has its trace id and the record span as parent', () => {
    const parent = contextFromKafkaHeaders({
      traceparent: Buffer.from(incoming),
      tracestate: Buffer.from('vendor=1'),
    });
    const { span, context } = startSpan('process', SpanKind.CONSUMER, parent);
    const written = traceHeadersOf(context);
    span.end();
    expect(written.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[\da-f]{16}-01$/);
    expect(written.traceparent).not.toBe(incoming);
    expect(written.tracestate).toBe('vendor=1');
    const [finished] = exporter.getFinishedSpans();
    expect(finished?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
  });

  it('writes no headers for a context without a span, and ignores a malformed traceparent', () => {
    expect(traceHeadersOf(ROOT_CONTEXT)).toEqual({ traceparent: null, tracestate: null });
    const parsed = contextFromTraceHeaders({ traceparent: 'not-a-traceparent' });
    expect(trace.getSpanContext(parsed)).toBeUndefined();
  });
});
