import { afterEach, describe, expect, it } from 'vitest';
import { namespaced } from '@orderflow/config';
import {
  AvroEventSerde,
  policyCommandId,
  PolicyRunner,
  type PolicyReaction,
  type SagaPolicy,
} from '../src/index.ts';
import { tallyContext } from './fixtures/tally/counter.ts';
import type { TallyEvent } from './fixtures/tally/generated/tally.ts';
import {
  createTallyHarness,
  kafkaForTests,
  registryForTests,
  testLogger,
} from './support/tally-harness.ts';

// A saga across two tally contexts: a CounterOpened in `source` makes the policy add to a counter
// in `target`, named in the event (`limit` picks the counter: target-<limit>). The target refuses
// (COUNTER_NOT_OPEN) until the test opens that counter; a `limit` of 7 or more marks the refusal
// as an expected answer, and 99 asks for a command that crashes the target's decider.
const policyFor = (name: string, source: string): SagaPolicy => ({
  name,
  sourceContext: source,
  react: (event: TallyEvent): PolicyReaction[] => {
    if (event.type !== 'CounterOpened') return [];
    const { limit } = event.data;
    const aggregateId = `target-${String(limit)}`;
    if (limit === 99) return [{ type: 'BreakDecider', aggregateId, data: {}, key: 'break' }];
    const expectedRefusals = limit >= 7 ? ['COUNTER_NOT_OPEN'] : [];
    return [
      { type: 'AddToCounter', aggregateId, data: { amount: 1 }, key: 'add', expectedRefusals },
    ];
  },
});

const harnesses: ReturnType<typeof createTallyHarness>[] = [];
const runners: PolicyRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
});

const setUp = async () => {
  const [source, target] = [createTallyHarness(), createTallyHarness()];
  harnesses.push(source, target);
  await Promise.all([source.startProcessor(), target.startProcessor()]);
  await Promise.all([source.client.start(), target.client.start()]);
  const name = `${source.name}-policy`;
  const retries: string[] = [];
  let stuck = 0;
  let unreadable = 0;
  const runner = new PolicyRunner(policyFor(name, source.name), {
    kafka: kafkaForTests('policy-runner'),
    registry: registryForTests(),
    logger: testLogger,
    sourceSchemas: tallyContext(source.name).eventSchemas,
    client: target.client,
    retry: { outcomeTimeoutMs: 5_000, retryBaseMs: 50, retryMaxMs: 300, alertAfterAttempts: 3 },
    hooks: {
      onRetry: ({ code }) => retries.push(code),
      onStuckChange: ({ delta }) => (stuck += delta),
      onUnreadableEvent: () => (unreadable += 1),
    },
  });
  runners.push(runner);
  const command = async (harness: typeof source, type: string, id: string, data: unknown) => {
    const { commandId } = await harness.client.submit({ type, aggregateId: id, data });
    return harness.client.waitForOutcome(commandId, 30_000);
  };
  /** A CounterOpened in the source: the event the policy reacts to. */
  const emit = (counterId: string, limit: number) =>
    command(source, 'OpenCounter', counterId, { limit });
  const targetEvents = async (counterId: string) =>
    (await target.readEvents()).filter((e) => e.aggregateId === counterId);
  /** How many of the source's events the policy group has committed past. */
  const committed = async () => {
    const admin = source.kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({
        groupId: namespaced(`policy.${name}`),
        topics: [`${source.name}.events`],
      });
      const next = new Map(
        (offsets?.partitions ?? []).map(({ partition, offset }) => [partition, BigInt(offset)]),
      );
      const events = await source.readEvents();
      return events.filter((e) => (next.get(e.partition) ?? -1n) > BigInt(e.offset)).length;
    } finally {
      await admin.disconnect();
    }
  };
  return {
    source,
    target,
    name,
    runner,
    retries,
    stuck: () => stuck,
    unreadable: () => unreadable,
    emit,
    command,
    targetEvents,
    committed,
  };
};

const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 60_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < end)
    await new Promise((resolve) => setTimeout(resolve, 200));
  return check();
};

describe('PolicyRunner on the real Kafka', () => {
  it('retries a refused compensation under new attempt ids, holding the offset, until it succeeds', async () => {
    const t = await setUp();
    await t.runner.start();
    await t.emit('source-a', 1); // -> AddToCounter on target-1, which is not open: refused
    expect(await until(() => t.retries.length >= 2)).toBe(true);
    expect(t.retries.every((code) => code === 'COUNTER_NOT_OPEN')).toBe(true);
    // Not done, so not committed: a restart would react to the event again.
    expect(await t.committed()).toBe(0);
    expect(await until(() => t.stuck() === 1)).toBe(true);

    await t.command(t.target, 'OpenCounter', 'target-1', { limit: 10 });
    expect(await until(async () => (await t.committed()) === 1)).toBe(true);
    const events = await t.targetEvents('target-1');
    expect(events.map((e) => e.event.type)).toEqual(['CounterOpened', 'CounterIncremented']);
    // The increment came from a later attempt's id, never from the first (refused) one.
    const eventId = (await t.source.readEvents())[0]?.eventId ?? '';
    const attempts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) =>
      policyCommandId(t.name, eventId, 'add', n),
    );
    const incrementedBy = attempts.indexOf(events[1]?.commandId ?? '');
    expect(incrementedBy).toBeGreaterThan(0);
    expect(t.stuck()).toBe(0);
  });

  it('moves on past a refusal the policy expects: one legitimate answer never blocks the partition', async () => {
    const t = await setUp();
    await t.runner.start();
    await t.emit('source-b', 7); // refused with COUNTER_NOT_OPEN, which this step expects
    await t.emit('source-c', 8);
    expect(await until(async () => (await t.committed()) === 2)).toBe(true);
    expect(t.retries).toEqual([]);
  });

  it('never drops a step whose command crashes the decider: it keeps retrying and counts it stuck', async () => {
    const t = await setUp();
    await t.runner.start();
    await t.emit('source-d', 99);
    expect(await until(() => t.stuck() === 1)).toBe(true);
    expect(t.retries.length).toBeGreaterThanOrEqual(3);
    expect(t.retries.every((code) => code === 'DECIDER_FAILED')).toBe(true);
    expect(await t.committed()).toBe(0);
    // Stopping leaves the step unfinished (for the next owner) without hanging.
    await t.runner.stop();
    runners.splice(0);
    expect(t.stuck()).toBe(0);
    expect(await t.committed()).toBe(0);
  });

  it('reacts to an event without Orderflow headers under its position, instead of skipping it', async () => {
    const t = await setUp();
    await t.command(t.target, 'OpenCounter', 'target-3', { limit: 10 });
    const topic = `${t.source.name}.events`;
    const serde = new AvroEventSerde<TallyEvent>(
      registryForTests(),
      topic,
      tallyContext(t.source.name).eventSchemas,
    );
    await serde.register();
    const producer = t.source.kafka.producer();
    await producer.connect();
    const [sent] = await producer.send({
      topic,
      messages: [
        {
          key: 'bare',
          partition: 0,
          value: serde.encode({ type: 'CounterOpened', data: { counterId: 'bare', limit: 3 } }),
        },
      ],
    });
    await producer.disconnect();
    await t.runner.start();
    expect(await until(async () => (await t.targetEvents('target-3')).length === 2)).toBe(true);
    const [, incremented] = await t.targetEvents('target-3');
    const position = `${topic}/0/${sent?.baseOffset ?? ''}`;
    expect(incremented?.commandId).toBe(policyCommandId(t.name, position, 'add'));
  });

  it('does not react to a record that never decodes, and goes on with the events behind it', async () => {
    const t = await setUp();
    await t.command(t.target, 'OpenCounter', 'target-4', { limit: 10 });
    const topic = `${t.source.name}.events`;
    const admin = t.source.kafka.admin();
    await admin.connect();
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    await admin.disconnect();
    const partitions = metadata?.partitions.map((p) => p.partitionId) ?? [];
    expect(partitions.length).toBeGreaterThan(0);
    // A foreign record ahead of the next event on every partition (JSON, not the wire format).
    const producer = t.source.kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: partitions.map((partition) => ({
        key: 'foreign',
        partition,
        value: Buffer.from('{"not":"avro"}'),
      })),
    });
    await producer.disconnect();
    await t.runner.start();
    await t.emit('source-e', 4);
    // Before the fix, the first record crashed the policy's consumer for good.
    expect(await until(async () => (await t.targetEvents('target-4')).length === 2)).toBe(true);
    expect(t.unreadable()).toBe(partitions.length);
    expect(t.retries).toEqual([]);
  });
});
