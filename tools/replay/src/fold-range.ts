import type { Kafka } from 'kafkajs';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import {
  AvroEventSerde,
  contextTopics,
  readPartitionsToEnd,
  type DomainEvent,
} from '@orderflow/kernel';
import {
  decodeOrReason,
  type EventEnvelope,
  type ProjectionSink,
  type ReadModel,
} from '@orderflow/projections';
import { positionKey, type Positions } from './positions.ts';

export interface FoldOutcome {
  /** Events folded into the sink. */
  readonly events: number;
  /** Records the live runner would have parked (undecodable, or a fold that threw). */
  readonly skipped: number;
}

const chunkSize = 500;

/**
 * Folds the records in [from, to) of every source partition into a sink, in log order per
 * partition (so per aggregate), without a consumer group of any lasting consequence: a fresh
 * fold, to compare a target with.
 */
export const foldRange = async (options: {
  readonly kafka: Kafka;
  readonly schemaRegistry: SchemaRegistry;
  readonly model: ReadModel;
  readonly sink: ProjectionSink;
  readonly from: Positions;
  readonly to: Positions;
}): Promise<FoldOutcome> => {
  const ranges = [];
  const sources = new Map<string, { context: string; serde: AvroEventSerde<DomainEvent> }>();
  for (const source of options.model.sources) {
    const topic = contextTopics(source.context).events;
    sources.set(topic, {
      context: source.context,
      serde: new AvroEventSerde(options.schemaRegistry, topic, source.eventSchemas),
    });
  }
  for (const [key, end] of options.to) {
    const [topic = '', partition = '0'] = key.split('|');
    const from = options.from.get(key) ?? 0n;
    if (sources.has(topic) && end > from)
      ranges.push({ topic, partition: Number(partition), fromOffset: from.toString() });
  }
  let events = 0;
  let skipped = 0;
  let pending: EventEnvelope[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const poisoned = await options.sink.write({ envelopes: pending, progress: [] });
    events += pending.length - poisoned.length;
    skipped += poisoned.length;
    pending = [];
  };
  await readPartitionsToEnd(options.kafka, ranges, async (topic, partition, message) => {
    const source = sources.get(topic);
    const end = options.to.get(positionKey(topic, partition)) ?? 0n;
    if (!source || BigInt(message.offset) >= end) return;
    // Only a record that will never decode is skipped (as the projector parks it); the registry
    // failing mid-rebuild fails the rebuild, instead of leaving events out of the new version.
    const decoded = await decodeOrReason(
      { context: source.context, topic, partition, message },
      source.serde,
    );
    if ('undecodable' in decoded) skipped += 1;
    else pending.push(decoded);
    if (pending.length >= chunkSize) await flush();
  });
  await flush();
  return { events, skipped };
};
