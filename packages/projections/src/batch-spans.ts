import type { Batch } from 'kafkajs';
import {
  contextFromKafkaHeaders,
  endSpan,
  SpanKind,
  startSpan,
  tracingRecords,
} from '@orderflow/observability';

/**
 * One CONSUMER span per event of a batch, child of the command processing that wrote it, open
 * until the sink has committed the batch: a POST, its command and its projection form one
 * trace. Skipped entirely when tracing is off (nothing to pass on from a projection).
 */
export const traceBatch = async <T>(
  projection: string,
  batch: Batch,
  work: () => Promise<T>,
): Promise<T> => {
  if (!tracingRecords()) return work();
  const spans = batch.messages.map(
    (message) =>
      startSpan(
        `${projection} process ${batch.topic}`,
        SpanKind.CONSUMER,
        contextFromKafkaHeaders(message.headers),
        {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': batch.topic,
          'messaging.destination.partition.id': String(batch.partition),
          'messaging.kafka.offset': Number(message.offset),
          'messaging.consumer.group.name': `projection.${projection}`,
        },
      ).span,
  );
  try {
    const result = await work();
    for (const span of spans) endSpan(span);
    return result;
  } catch (error) {
    for (const span of spans) endSpan(span, error);
    throw error;
  }
};
