import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { uniqueName } from '@orderflow/testing';
import {
  ParkingLot,
  ProjectionRunner,
  mongoKeyedSink,
  postgresKeyedSink,
  progressCollection,
  type EventSource,
  type KeyedReadModel,
  type ProjectionSink,
} from '../src/index.ts';
import {
  committedOffsets,
  createTestStream,
  eventually,
  kafka,
  mongo,
  pool,
  registry,
  testLogger,
} from './support/test-stream.ts';

// A sink that stops answering (FerretDB with an exhausted pool, a half-open socket) must cost
// the batch a breaker failure, not the projection its life; and a write abandoned at its deadline
// must not break exactly-once, whether it stopped half-way or lands after its retry.
const schema = 'projections_test';
const writeTimeoutMs = 1_500;
const breaker = { failureThreshold: 1, openMs: 2_000, initialBackoffMs: 50 };

const sumModel = (source: EventSource): KeyedReadModel<unknown> => ({
  kind: 'keyed',
  name: uniqueName('deadline'),
  sources: [source],
  evolve: (view, envelope) => {
    const current = (view as { total: number; deposits: number } | null) ?? {
      total: 0,
      deposits: 0,
    };
    const amount = (envelope.event.data as { amount: number }).amount;
    return { total: current.total + amount, deposits: current.deposits + 1 };
  },
});

const runners: ProjectionRunner[] = [];
const start = async (model: KeyedReadModel<unknown>, sink: ProjectionSink) => {
  const runner = new ProjectionRunner({
    kafka,
    registry,
    logger: testLogger,
    model,
    sink,
    parking: new ParkingLot(pool, schema, model.name),
    breaker,
    writeTimeoutMs,
  });
  await runner.start();
  runners.push(runner);
  return runner;
};
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await pool.end();
  await mongo.close();
});

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const expectedViews = ids.map((id) => ({ _id: id, version: 3, view: { total: 6, deposits: 3 } }));

describe('a sink write that never finishes', () => {
  it('counts as a breaker failure, commits nothing, and the retry completes the half-applied batch exactly once', async () => {
    const stream = await createTestStream();
    const model = sumModel(stream.source);
    const collection = uniqueName('deadline').replace('-', '_');
    const real = mongoKeyedSink({ db: mongo.db(), model, collection });
    const calls = { writes: 0 };
    const hanging: ProjectionSink = {
      ...real,
      write: async (batch) => {
        calls.writes += 1;
        if (calls.writes > 1) return real.write(batch);
        // Half the batch really lands in FerretDB (no progress), then the store goes silent.
        await real.write({
          envelopes: batch.envelopes.filter((e) => e.version <= 2),
          progress: [],
        });
        return new Promise(() => undefined);
      },
    };
    for (const id of ids) await stream.append(id, 1, 2, 3);
    const runner = await start(model, hanging);

    await eventually(
      () => Promise.resolve(runner.breaker.state),
      (state) => state === 'open',
      writeTimeoutMs * 4,
    );
    expect(runner.breaker.consecutiveFailures).toBe(1);
    expect(await committedOffsets(runner.groupId, stream.topics.events)).toEqual([]);
    const progress = await mongo
      .db()
      .collection(progressCollection)
      .find({ projection: model.name })
      .toArray();
    expect(progress).toEqual([]);

    const views = await eventually(
      () =>
        mongo
          .db()
          .collection(collection)
          .find({}, { projection: { updatedAt: 0 } })
          .sort({ _id: 1 })
          .toArray(),
      (docs) => docs.length === ids.length && docs.every((d) => d.version === 3),
    );
    expect(views).toEqual(expectedViews);
    expect(runner.breaker.state).toBe('closed');
    const committed = await eventually(
      () => committedOffsets(runner.groupId, stream.topics.events),
      (partitions) => partitions.length > 0,
    );
    expect(committed.length).toBeGreaterThan(0);
    await stream.close();
  });

  it('lets a write abandoned at its deadline land after its retry without a duplicate (PostgreSQL)', async () => {
    const stream = await createTestStream();
    const model = sumModel(stream.source);
    const table = uniqueName('deadline').replace('-', '_');
    const real = postgresKeyedSink({ pool, model, table, schema });
    const zombie = { started: false, landed: false };
    const late: ProjectionSink = {
      ...real,
      write: async (batch) => {
        if (zombie.started) return real.write(batch);
        zombie.started = true;
        // Answers long after the deadline and after the retry has written the same batch.
        await sleep(writeTimeoutMs + breaker.openMs + 3_000);
        const poisoned = await real.write(batch);
        zombie.landed = true;
        return poisoned;
      },
    };
    for (const id of ids) await stream.append(id, 1, 2, 3);
    const runner = await start(model, late);
    await eventually(
      () => Promise.resolve(zombie.landed),
      (landed) => landed,
    );
    const { rows } = await pool.query<{ _id: string; version: number; view: unknown }>(
      `select id as "_id", version, view from ${schema}.${table} order by id`,
    );
    expect(rows).toEqual(expectedViews);
    expect(runner.breaker.state).toBe('closed');
    await stream.close();
  });
});
