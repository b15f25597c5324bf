import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { loadEndpoints } from '@orderflow/config';
import { uniqueName } from '@orderflow/testing';

// Proves KafkaJS 2.2.4 speaks to the Kafka 4.x broker that infra/ runs: plain produce,
// consumer groups, and transactions whose offsets commit atomically with the records.
const kafka = new Kafka({
  clientId: 'smoke-kafka',
  brokers: loadEndpoints().kafkaBrokers,
  logLevel: logLevel.NOTHING,
});
let admin: Admin;
const toClose: (Producer | Consumer)[] = [];

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await Promise.all(toClose.map((client) => client.disconnect()));
  await admin.disconnect();
});

const createTopic = async (partitions = 1) => {
  const topic = uniqueName('smoke');
  await admin.createTopics({
    topics: [{ topic, numPartitions: partitions }],
    waitForLeaders: true,
  });
  return topic;
};

const consumeValues = async (consumer: Consumer, topic: string, expected: number) => {
  const values: string[] = [];
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      values.push(message.value?.toString() ?? '');
      return Promise.resolve();
    },
  });
  const deadline = Date.now() + 30_000;
  while (values.length < expected && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  return values;
};

describe('KafkaJS against the embedded Kafka 4.x broker', () => {
  it('produces records and a consumer group reads them all, per-key in order', async () => {
    const topic = await createTopic(3);
    const producer = kafka.producer();
    toClose.push(producer);
    await producer.connect();
    const messages = Array.from({ length: 30 }, (_, i) => ({
      key: `k${i % 5}`,
      value: `${i % 5}:${i}`,
    }));
    await producer.send({ topic, messages });

    const consumer = kafka.consumer({ groupId: uniqueName('smoke-group') });
    toClose.push(consumer);
    await consumer.connect();
    const values = await consumeValues(consumer, topic, messages.length);

    expect(values).toHaveLength(messages.length);
    for (const key of ['0', '1', '2', '3', '4']) {
      const sequence = values
        .filter((v) => v.startsWith(`${key}:`))
        .map((v) => Number(v.split(':')[1]));
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    }
  });

  it('a read_committed consumer sees committed transactions, never aborted ones, and sendOffsets commits the group offset', async () => {
    const input = await createTopic();
    const output = await createTopic();
    const groupId = uniqueName('smoke-tx-group');
    const producer = kafka.producer({
      transactionalId: uniqueName('smoke-tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    toClose.push(producer);
    await producer.connect();

    const committed = await producer.transaction();
    await committed.send({ topic: output, messages: [{ key: 'a', value: 'committed-1' }] });
    await committed.sendOffsets({
      consumerGroupId: groupId,
      topics: [{ topic: input, partitions: [{ partition: 0, offset: '7' }] }],
    });
    await committed.commit();

    const aborted = await producer.transaction();
    await aborted.send({ topic: output, messages: [{ key: 'a', value: 'aborted' }] });
    await aborted.sendOffsets({
      consumerGroupId: groupId,
      topics: [{ topic: input, partitions: [{ partition: 0, offset: '99' }] }],
    });
    await aborted.abort();

    const second = await producer.transaction();
    await second.send({ topic: output, messages: [{ key: 'a', value: 'committed-2' }] });
    await second.commit();

    const reader = kafka.consumer({ groupId: uniqueName('smoke-reader'), readUncommitted: false });
    toClose.push(reader);
    await reader.connect();
    const values = await consumeValues(reader, output, 2);
    await new Promise((r) => setTimeout(r, 1_000)); // give an aborted record the chance to show up

    expect(values).toEqual(['committed-1', 'committed-2']);
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [input] });
    expect(offsets?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '7' })]);
  });

  it('refuses to produce to a topic that does not exist (auto-creation is off)', async () => {
    const producer = kafka.producer({ retry: { retries: 1 } });
    toClose.push(producer);
    await producer.connect();
    await expect(
      producer.send({ topic: uniqueName('missing'), messages: [{ value: 'x' }] }),
    ).rejects.toThrow();
    const topics = await admin.listTopics();
    expect(topics.some((topic) => topic.startsWith('missing-'))).toBe(false);
  });
});
