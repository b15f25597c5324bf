import {
  contextFromTraceHeaders,
  endSpan,
  SpanKind,
  startSpan,
  traceHeadersOf,
  tracingRecords,
} from '@orderflow/observability';
import type { Command } from '../decider.ts';
import type { DecodedCommand } from '../messages/command-record.ts';

/**
 * A CONSUMER span per command, child of the span that sent it. The command's trace context is
 * replaced by its span's, so the events it produces (which copy it into their headers) are
 * children of this processing step. With tracing off the ids pass through unchanged.
 */
export const startCommandSpans = <C extends Command>(
  topic: string,
  records: readonly { readonly offset: string; readonly decoded: DecodedCommand<C> }[],
) => {
  // Off: the command's own traceparent already is what its events must carry.
  if (!tracingRecords()) return { records, end: (_error?: unknown) => undefined };
  const spans = records.map(({ offset, decoded }) => {
    if (!decoded.ok) return undefined;
    const { metadata } = decoded.command;
    return startSpan(`process ${topic}`, SpanKind.CONSUMER, contextFromTraceHeaders(metadata), {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': topic,
      'messaging.kafka.offset': Number(offset),
      'messaging.message.id': metadata.commandId,
      'orderflow.command.type': decoded.command.type,
    });
  });
  const traced = records.map((record, index) => {
    const started = spans[index];
    if (!record.decoded.ok || !started) return record;
    const { command } = record.decoded;
    const metadata = { ...command.metadata, ...traceHeadersOf(started.context) };
    return { ...record, decoded: { ...record.decoded, command: { ...command, metadata } } };
  });
  return {
    records: traced,
    end: (error?: unknown) => {
      for (const started of spans) if (started) endSpan(started.span, error);
    },
  };
};
