import { afterEach, describe, expect, it } from 'vitest';
import {
  deadlineCommandId,
  DeadlineRunner,
  type DeadlineSchedule,
  type FiredDeadline,
} from '../src/index.ts';
import type { TallyEvent } from './fixtures/tally/generated/tally.ts';
import { tallyContext } from './fixtures/tally/counter.ts';
import {
  createTallyHarness,
  kafkaForTests,
  registryForTests,
  testLogger,
} from './support/tally-harness.ts';

// A tally counter's deadline is its `limit`, read as an instant (epoch ms): the schedule adds 1
// to a counter nobody touched by then. Any increment settles it.
const scheduleFor = (context: string): DeadlineSchedule => ({
  name: 'tally-deadline',
  context,
  track: (event: TallyEvent) =>
    event.type === 'CounterOpened'
      ? { kind: 'set', dueAt: new Date(event.data.limit).toISOString() }
      : { kind: 'clear' },
  expire: () => ({ type: 'AddToCounter', data: { amount: 1 } }),
});

const harnesses: ReturnType<typeof createTallyHarness>[] = [];
const runners: DeadlineRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
});

const setUp = async () => {
  const harness = createTallyHarness();
  harnesses.push(harness);
  await harness.startProcessor();
  await harness.client.start();
  const fired: FiredDeadline[] = [];
  const startRunner = async () => {
    const runner = new DeadlineRunner(scheduleFor(harness.name), {
      kafka: kafkaForTests(`deadlines-${String(runners.length)}`),
      registry: registryForTests(),
      logger: testLogger,
      eventSchemas: tallyContext(harness.name).eventSchemas,
      client: harness.client,
      onFired: (deadline) => fired.push(deadline),
    });
    runners.push(runner);
    await runner.start();
    return runner;
  };
  const open = async (counterId: string, dueInMs: number) => {
    const limit = Date.now() + dueInMs;
    const { commandId } = await harness.client.submit({
      type: 'OpenCounter',
      aggregateId: counterId,
      data: { limit },
    });
    await harness.client.waitForOutcome(commandId, 30_000);
  };
  const increments = async (counterId: string) =>
    (await harness.readEvents()).filter(
      (e) => e.aggregateId === counterId && e.event.type === 'CounterIncremented',
    );
  return { harness, fired, startRunner, open, increments };
};

const until = async (check: () => Promise<boolean>, timeoutMs = 60_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < end)
    await new Promise((resolve) => setTimeout(resolve, 500));
};

describe('DeadlineRunner on the real Kafka', () => {
  it('fires a due deadline once, through the command path, with its deterministic command id', async () => {
    const { harness, fired, startRunner, open, increments } = await setUp();
    await startRunner();
    await open('due', 3_000);
    await open('touched', 3_000);
    // An increment before the deadline settles it: that deadline must never fire.
    await harness.client.submit({
      type: 'AddToCounter',
      aggregateId: 'touched',
      data: { amount: 5 },
    });
    await until(async () => (await increments('due')).length > 0);
    const [expired] = await increments('due');
    expect(expired?.commandId).toBe(deadlineCommandId('tally-deadline', 'due'));
    // The expiry names its schedule as its issuer; the client's own commands name nobody.
    expect(expired?.issuedBy).toBe('deadline:tally-deadline');
    const opened = (await harness.readEvents()).find((e) => e.aggregateId === 'due');
    expect(opened?.event.type).toBe('CounterOpened');
    expect(opened?.issuedBy).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await increments('due')).toHaveLength(1);
    expect((await increments('touched')).map((e) => e.commandId)).not.toContain(
      deadlineCommandId('tally-deadline', 'touched'),
    );
    expect(fired.map((f) => f.aggregateId)).toEqual(['due']);
  });

  it('survives a restart: a runner started after the deadline restores it from the changelog and fires it once', async () => {
    const { harness, startRunner, open, increments } = await setUp();
    const first = await startRunner();
    await open('durable', 6_000);
    // The first runner records the deadline (changelog, then offset), then goes away.
    await until(async () => (await harness.readTopic('deadlines')).length > 0, 30_000);
    expect((await harness.readTopic('deadlines')).map((m) => m.key?.toString())).toContain(
      'durable',
    );
    await first.stop();
    runners.splice(runners.indexOf(first), 1);
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect(await increments('durable')).toHaveLength(0);
    await startRunner();
    await until(async () => (await increments('durable')).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await increments('durable')).toHaveLength(1);
  });
});
