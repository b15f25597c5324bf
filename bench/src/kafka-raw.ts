import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { AvroEventSerde, contextTopics, provisionTopics } from '@orderflow/kernel';
import {
  tallyEventSchemas,
  type TallyEvent,
} from '../../packages/kernel/test/fixtures/tally/generated/tally.ts';
import { layout } from './counter-events.ts';
import { rate } from './measure.ts';
import { removeTallyContext } from './topics.ts';

export type ProduceKind = 'plain' | 'idempotent' | 'transactional';

export interface KafkaTopic {
  readonly topic: string;
  readonly serde: AvroEventSerde<TallyEvent>;
  readonly remove: () => Promise<void>;
}

/** A fresh events topic (3 partitions) with the tally schemas registered under its subjects. */
export const kafkaTopic = async (
  kafka: Kafka,
  registry: SchemaRegistry,
  registryUrl: string,
): Promise<KafkaTopic> => {
  const context = `bench-kafka-${randomUUID().slice(0, 8)}`;
  const topics = contextTopics(context);
  const admin = kafka.admin();
  await admin.connect();
  await provisionTopics(admin, topics, layout);
  await admin.disconnect();
  const serde = new AvroEventSerde<TallyEvent>(registry, topics.events, tallyEventSchemas);
  await serde.register();
  return {
    topic: topics.events,
    serde,
    remove: () => removeTallyContext(kafka, registryUrl, topics),
  };
};

/** Records/s of one producer sending batches of `batchSize` (acks = all), Avro encoding included. */
export const rawProduce = async (
  kafka: Kafka,
  target: KafkaTopic,
  options: { readonly kind: ProduceKind; readonly records: number; readonly batchSize: number },
) => {
  const producer = kafka.producer(
    options.kind === 'plain'
      ? { idempotent: false }
      : options.kind === 'idempotent'
        ? { idempotent: true, maxInFlightRequests: 1 }
        : {
            idempotent: true,
            maxInFlightRequests: 1,
            transactionalId: `${target.topic}.${randomUUID().slice(0, 8)}`,
          },
  );
  await producer.connect();
  const counters = Array.from({ length: 500 }, () => randomUUID());
  const started = process.hrtime.bigint();
  for (let first = 0; first < options.records; first += options.batchSize) {
    const messages = Array.from(
      { length: Math.min(options.batchSize, options.records - first) },
      (_, i) => {
        const counterId = counters[(first + i) % counters.length] ?? '';
        const event: TallyEvent = {
          type: 'CounterIncremented',
          data: { counterId, amount: 1, total: first + i },
        };
        return { key: counterId, value: target.serde.encode(event) };
      },
    );
    if (options.kind === 'transactional') {
      const transaction = await producer.transaction();
      await transaction.send({ topic: target.topic, messages });
      await transaction.commit();
    } else await producer.send({ topic: target.topic, messages, acks: -1 });
  }
  const perSecond = rate(options.records, started);
  await producer.disconnect();
  return perSecond;
};

/**
 * Records/s of a consumer group reading at least `records` from the start of the topic,
 * read_committed, each value Avro-decoded; timed from the group join.
 */
export const rawConsume = async (kafka: Kafka, target: KafkaTopic, records: number) => {
  const groupId = `${target.topic}.consume-${randomUUID().slice(0, 8)}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic: target.topic, fromBeginning: true });
  // The clock starts when the group is joined: the join is set-up, every fetch after it counts.
  let joinedAt: bigint | undefined;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joinedAt = process.hrtime.bigint();
  });
  let seen = 0;
  const perSecond = await new Promise<number>((resolve, reject) => {
    consumer
      .run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages)
            if (message.value) await target.serde.decode(message.value);
          seen += batch.messages.length;
          if (seen >= records && joinedAt !== undefined) resolve(rate(seen, joinedAt));
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
  return perSecond;
};
