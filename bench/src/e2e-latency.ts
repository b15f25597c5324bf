import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { elapsedMs } from './measure.ts';
import { readProduct, registerProduct } from './product-client.ts';
import type { KafkaTopic } from './kafka-raw.ts';

/**
 * One command to visible read model, as a client sees it: POST a product with `Prefer: wait`,
 * then GET it from the query API with the answer's consistency token, which holds the read
 * until the projector has written it. Milliseconds from sending the POST to the GET's answer.
 */
export const commandToReadModel = async (commandsUrl: string, queryUrl: string) => {
  const started = process.hrtime.bigint();
  await readProduct(queryUrl, await registerProduct(commandsUrl));
  return elapsedMs(started);
};

export interface RoundTripProbe {
  /** Milliseconds from send() to the consumer seeing that record. */
  readonly roundTrip: () => Promise<number>;
  readonly close: () => Promise<void>;
}

/**
 * The raw equivalent: a producer sends one Avro record (acks = all) and a consumer group that
 * has already joined receives and decodes it. Starts the consumer and waits for a first record.
 */
export const rawRoundTripProbe = async (
  kafka: Kafka,
  target: KafkaTopic,
): Promise<RoundTripProbe> => {
  const waiting = new Map<string, () => void>();
  const groupId = `${target.topic}.latency-${randomUUID().slice(0, 8)}`;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: target.topic, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.value) await target.serde.decode(message.value);
      const key = message.key?.toString() ?? '';
      waiting.get(key)?.();
      waiting.delete(key);
    },
  });
  const producer = kafka.producer({ idempotent: false });
  await producer.connect();
  const roundTrip = async () => {
    const counterId = randomUUID();
    const received = new Promise<void>((resolve) => waiting.set(counterId, resolve));
    const started = process.hrtime.bigint();
    await producer.send({
      topic: target.topic,
      acks: -1,
      messages: [
        {
          key: counterId,
          value: target.serde.encode({
            type: 'CounterIncremented',
            data: { counterId, amount: 1, total: 1 },
          }),
        },
      ],
    });
    await received;
    return elapsedMs(started);
  };
  // The group join and the first fetch position are set-up, not latency: retry until a record
  // sent after the join comes back.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const first = roundTrip();
    const timedOut = new Promise<'late'>((resolve) =>
      setTimeout(() => {
        resolve('late');
      }, 5_000),
    );
    if ((await Promise.race([first, timedOut])) !== 'late') break;
    if (Date.now() > deadline) throw new Error('the latency consumer never received a record');
  }
  return {
    roundTrip,
    close: async () => {
      await Promise.all([producer.disconnect(), consumer.disconnect()]);
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteGroups([groupId]).finally(() => admin.disconnect());
    },
  };
};
