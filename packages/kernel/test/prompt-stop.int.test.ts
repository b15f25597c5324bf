import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { uniqueName } from '@orderflow/testing';
import { CommandClient, PolicyRunner, readPartitionsToEnd } from '../src/index.ts';
import { kafkaForTests, registryForTests, testLogger } from './support/tally-harness.ts';

// What a stopping process may still be doing must end at once: a restore reading a long
// partition, a policy waiting for the topic of a context that has not started yet.
describe('stopping while starting', () => {
  it('a partition read ends at its abort signal, without reading on to the end', async () => {
    const kafka = kafkaForTests();
    const topic = uniqueName('abortable-read');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 300 }, (_, i) => ({ key: String(i), value: 'x' })),
    });
    await producer.disconnect();

    const stopping = new AbortController();
    let read = 0;
    const reading = readPartitionsToEnd(
      kafka,
      [{ topic, partition: 0, fromOffset: '0' }],
      async () => {
        read += 1;
        if (read === 5) stopping.abort(new Error('stopping'));
        await sleep(20); // a slow fold: 300 records would take 6 s
      },
      { signal: stopping.signal },
    );
    const started = Date.now();
    await expect(reading).rejects.toThrow('stopping');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(read).toBeLessThan(10);
  });

  it('a policy waiting for its source topic stops at once, and its start resolves', async () => {
    const kafka = kafkaForTests();
    const policy = new PolicyRunner(
      { name: uniqueName('waiting-policy'), sourceContext: uniqueName('absent'), react: () => [] },
      {
        kafka,
        registry: registryForTests(),
        logger: testLogger,
        sourceSchemas: {},
        client: new CommandClient(kafka, uniqueName('unused')),
      },
    );
    let started = false;
    const starting = policy.start().then(() => (started = true));
    await sleep(1_500); // it is polling for the topic now (for up to 120 s)
    expect(started).toBe(false);
    const stopping = Date.now();
    await policy.stop();
    await starting;
    expect(Date.now() - stopping).toBeLessThan(3_000);
  });
});
