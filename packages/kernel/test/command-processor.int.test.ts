import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { commandMessage } from '../src/index.ts';
import {
  createTallyHarness,
  expectContiguous,
  versionsByAggregate,
} from './support/tally-harness.ts';

const harnesses: ReturnType<typeof createTallyHarness>[] = [];
const harness = async (options?: Parameters<typeof createTallyHarness>[0]) => {
  const h = createTallyHarness(options);
  harnesses.push(h);
  await h.startProcessor();
  await h.client.start();
  return h;
};
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

const waitFor = async (h: ReturnType<typeof createTallyHarness>, commandId: string) => {
  const outcome = await h.client.waitForOutcome(commandId, 30_000);
  if (!outcome) throw new Error(`no outcome for ${commandId}`);
  return outcome;
};

const submitAndWait = async (
  h: ReturnType<typeof createTallyHarness>,
  request: Parameters<typeof h.client.submit>[0],
) => {
  const { commandId } = await h.client.submit(request);
  return waitFor(h, commandId);
};

describe('the command processor on Kafka', () => {
  it('writes contiguous versions per aggregate, with outcomes pointing at the events really written', async () => {
    const h = await harness();
    const counters = Array.from({ length: 6 }, () => randomUUID());
    const submitted = [];
    for (const counterId of counters)
      submitted.push(
        await h.client.submit({
          type: 'OpenCounter',
          data: { limit: 1000 },
          aggregateId: counterId,
        }),
      );
    for (let round = 0; round < 5; round++) {
      for (const counterId of counters)
        submitted.push(
          await h.client.submit({
            type: 'AddToCounter',
            data: { amount: 1 },
            aggregateId: counterId,
          }),
        );
    }
    const outcomes = await Promise.all(submitted.map((s) => waitFor(h, s.commandId)));
    expect(outcomes.every((o) => o.status === 'accepted')).toBe(true);

    const events = await h.readEvents();
    expect(events).toHaveLength(counters.length * 6);
    for (const versions of versionsByAggregate(events).values())
      expect(expectContiguous(versions)).toBe(true);
    const byPosition = new Map(events.map((e) => [`${e.partition}@${e.offset}`, e]));
    for (const outcome of outcomes) {
      if (outcome.status !== 'accepted') continue;
      for (const ref of outcome.events) {
        expect(byPosition.get(`${ref.partition}@${ref.offset}`)).toMatchObject({
          eventId: ref.eventId,
          version: ref.version,
          commandId: outcome.commandId,
        });
      }
    }
    expect(events[0]?.type).toMatch(/^dev\.orderflow\.tally\.Counter/);
  });

  it('lets exactly one of two commands expecting the same version win; the other conflicts and writes nothing', async () => {
    const h = await harness();
    const counterId = randomUUID();
    await submitAndWait(h, { type: 'OpenCounter', data: { limit: 100 }, aggregateId: counterId });
    const [first, second] = await Promise.all([
      submitAndWait(h, {
        type: 'AddToCounter',
        data: { amount: 1 },
        aggregateId: counterId,
        expectedVersion: 1,
      }),
      submitAndWait(h, {
        type: 'AddToCounter',
        data: { amount: 2 },
        aggregateId: counterId,
        expectedVersion: 1,
      }),
    ]);
    expect([first.status, second.status].sort()).toEqual(['accepted', 'conflict']);
    const conflict = [first, second].find((o) => o.status === 'conflict');
    expect(conflict).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    const events = (await h.readEvents()).filter((e) => e.aggregateId === counterId);
    expect(events.map((e) => e.version)).toEqual([1, 2]);
  });

  it('answers a duplicate command id with the original outcome and writes no new event, also after a restart', async () => {
    const h = await harness();
    const counterId = randomUUID();
    const commandId = randomUUID();
    const original = await submitAndWait(h, {
      type: 'OpenCounter',
      data: { limit: 5 },
      aggregateId: counterId,
      commandId,
    });

    const again = await h.client.submit({
      type: 'OpenCounter',
      data: { limit: 5 },
      aggregateId: counterId,
      commandId,
    });
    expect(again.previousOutcome).toEqual(original);
    const differentBody = await h.client.submit({
      type: 'OpenCounter',
      data: { limit: 6 },
      aggregateId: counterId,
      commandId,
    });
    expect(differentBody.reusedIdForDifferentCommand).toBe(true);

    // Past the client's check, straight onto the topic, to a restarted processor.
    await h.stopProcessors();
    await h.startProcessor();
    const producer = h.kafka.producer();
    await producer.connect();
    const replayed = commandMessage(h.name, {
      type: 'OpenCounter',
      data: { limit: 5 },
      metadata: {
        commandId,
        aggregateId: counterId,
        issuedAt: new Date().toISOString(),
        correlationId: commandId,
        causationId: null,
        expectedVersion: null,
        traceparent: null,
      },
    });
    await producer.send({ topic: `${h.name}.commands`, messages: [replayed] });
    const marker = await h.client.submit({
      type: 'AddToCounter',
      data: { amount: 1 },
      aggregateId: counterId,
    });
    await waitFor(h, marker.commandId); // same partition, after the replayed record: it has been processed
    await producer.disconnect();

    const events = (await h.readEvents()).filter((e) => e.aggregateId === counterId);
    expect(events.map((e) => [e.version, e.event.type])).toEqual([
      [1, 'CounterOpened'],
      [2, 'CounterIncremented'],
    ]);
    const outcomes = (await h.readOutcomes()).filter((o) => o.commandId === commandId);
    expect(outcomes).toHaveLength(1);
  });

  it('refuses a command breaking a rule with a clear outcome and writes nothing', async () => {
    const h = await harness();
    const counterId = randomUUID();
    await submitAndWait(h, { type: 'OpenCounter', data: { limit: 3 }, aggregateId: counterId });
    const refused = await submitAndWait(h, {
      type: 'AddToCounter',
      data: { amount: 4 },
      aggregateId: counterId,
    });
    expect(refused).toMatchObject({ status: 'rejected', code: 'LIMIT_EXCEEDED', version: 1 });
    const unknown = await submitAndWait(h, {
      type: 'AddToCounter',
      data: { amount: 1 },
      aggregateId: randomUUID(),
    });
    expect(unknown).toMatchObject({ status: 'rejected', code: 'COUNTER_NOT_OPEN', version: 0 });
    const invalid = await submitAndWait(h, {
      type: 'AddToCounter',
      data: { amount: 'lots' },
      aggregateId: counterId,
    });
    expect(invalid).toMatchObject({ status: 'invalid', code: 'INVALID_COMMAND' });
    expect((await h.readEvents()).filter((e) => e.aggregateId === counterId)).toHaveLength(1);
  });

  it('parks an undecodable record with its reason and keeps processing the partition', async () => {
    const h = await harness();
    const counterId = randomUUID();
    const producer = h.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${h.name}.commands`,
      messages: [
        {
          key: counterId,
          value: 'not json at all',
          headers: { ce_id: 'poison-1', ce_time: new Date().toISOString() },
        },
      ],
    });
    await producer.send({
      topic: `${h.name}.commands`,
      messages: [{ key: counterId, value: '{"type":"OpenCounter"}' }],
    });
    await producer.disconnect();
    const after = await submitAndWait(h, {
      type: 'OpenCounter',
      data: { limit: 1 },
      aggregateId: counterId,
    });
    expect(after.status).toBe('accepted');

    const parked = await h.readTopic('commands.parked');
    expect(parked.map((m) => m.headers?.orderflow_parked_reason?.toString())).toEqual([
      expect.stringContaining('UNDECODABLE_COMMAND: value is not JSON'),
      expect.stringContaining('UNDECODABLE_COMMAND: missing header ce_id'),
    ]);
    expect(parked[0]?.value?.toString()).toBe('not json at all');
    expect(await waitFor(h, 'poison-1')).toMatchObject({
      status: 'invalid',
      code: 'UNDECODABLE_COMMAND',
    });
  });

  it('restores state from snapshots plus later events after a restart, ignoring foreign records', async () => {
    const h = await harness({ snapshotEvery: 3 });
    const counterId = randomUUID();
    await submitAndWait(h, { type: 'OpenCounter', data: { limit: 10 }, aggregateId: counterId });
    for (let i = 0; i < 7; i++)
      await submitAndWait(h, { type: 'AddToCounter', data: { amount: 1 }, aggregateId: counterId });
    const snapshots = await h.readTopic('snapshots');
    expect(snapshots.some((m) => m.key?.toString() === '__checkpoint__')).toBe(true);

    await h.stopProcessors();
    await h.startProcessor({ snapshotEvery: 3 });
    expect(
      await submitAndWait(h, { type: 'AddToCounter', data: { amount: 3 }, aggregateId: counterId }),
    ).toMatchObject({ status: 'accepted', version: 9 });
    expect(
      await submitAndWait(h, { type: 'AddToCounter', data: { amount: 1 }, aggregateId: counterId }),
    ).toMatchObject({ status: 'rejected', code: 'LIMIT_EXCEEDED' });
  });
});
