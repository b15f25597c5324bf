import { describe, expect, it } from 'vitest';
import { uniqueName } from '@orderflow/testing';
import { mongoKeyedSink, type TopicPartition } from '../src/index.ts';
import { balanceModel, failing } from './support/balance-model.ts';
import { GatedParkingLot } from './support/gated-parking-lot.ts';
import { cleanUpRunners, startRunner } from './support/runners.ts';
import { createTestStream, eventually, mongo, pool } from './support/test-stream.ts';

// The retry passes of these tests run when the test says so (runPass), never on the timer, and
// the parking lot's reads are held at the exact point a race needs: no timing is hoped for.
const schema = 'projections_test';

const setUp = async () => {
  // One partition: every aggregate of the test shares it, and so its lock.
  const stream = await createTestStream({ partitions: 1 });
  const model = balanceModel(uniqueName('balances'), stream.source);
  const collection = uniqueName('balances').replace('-', '_');
  const parking = new GatedParkingLot(pool, schema, model.name);
  const runner = await startRunner({
    model,
    sink: mongoKeyedSink({ db: mongo.db(), model, collection }),
    parking,
    retryPollMs: 3_600_000,
  });
  const partition: TopicPartition = { topic: stream.topics.events, partition: 0 };
  const view = async (id: string) =>
    mongo
      .db()
      .collection<{ _id: string; version: number; view: unknown }>(collection)
      .findOne({ _id: id }, { projection: { updatedAt: 0 } });
  const parked = async (aggregateId: string) =>
    (
      await pool.query<{ version: number | null; status: string }>(
        `select version, status from ${schema}.parked_events
          where projection = $1 and aggregate_id = $2 order by "offset"`,
        [model.name, aggregateId],
      )
    ).rows;
  // What the query API's POST /v1/admin/parked/{id}/retry does for the aggregate's first event.
  const operatorRetries = (aggregateId: string) =>
    pool.query(
      `update ${schema}.parked_events set status = 'retry'
        where projection = $1 and aggregate_id = $2 and status = 'parked'`,
      [model.name, aggregateId],
    );
  return {
    stream,
    runner,
    parking,
    partition,
    view,
    parked,
    operatorRetries,
    projection: model.name,
  };
};

cleanUpRunners();

describe('retrying parked events while batches flow', () => {
  it('keeps an aggregate blocked when its poison is parked while a retry pass reloads what is blocked', async () => {
    const { stream, runner, parking, partition, view, parked, operatorRetries } = await setUp();
    failing.amounts.add(13);
    await stream.append('other', 13); // a poison elsewhere: the pass has a partition to reload
    await stream.append('a', 1);
    await eventually(
      async () => [await view('a'), await parked('other')] as const,
      ([a, other]) => a?.version === 1 && other.length === 1,
    );

    // The pass reads the blocked aggregates of the partition before a's poison is parked...
    const gate = parking.holdNext('blockedAggregates');
    const pass = runner.retrier.runPass();
    await gate.reached;
    await stream.append('a', 13, 3); // v2 cannot be folded; v3 must queue behind it
    // ...and the batch with a's poison is either waiting for the partition or already parked.
    await eventually(
      async () => runner.locks.waiters(partition) > 0 || (await parked('a')).length >= 2,
      Boolean,
    );
    gate.release();
    await pass;
    await eventually(
      () => parked('a'),
      (rows) => rows.length === 2,
    );

    // Had the pass's older read replaced the blocked aggregates, v4 would overtake v2 here.
    await stream.append('a', 4);
    await eventually(
      async () => [await parked('a'), await view('a')] as const,
      ([rows, a]) => rows.length === 3 || (a?.version ?? 0) > 1,
    );
    expect((await view('a'))?.version).toBe(1);

    failing.amounts.clear(); // the fix is deployed
    await operatorRetries('a');
    await runner.retrier.runPass();
    expect(await view('a')).toEqual({ _id: 'a', version: 4, view: { total: 21, deposits: 4 } });
    expect((await parked('a')).map((row) => row.status)).toEqual([
      'resolved',
      'resolved',
      'resolved',
    ]);
    await stream.close();
  });

  it('never strands an event that queues behind a parked one while a retry pass replays it', async () => {
    const { stream, runner, parking, partition, view, parked, operatorRetries } = await setUp();
    failing.amounts.add(13);
    await stream.append('a', 1, 13);
    await eventually(
      async () => [await view('a'), await parked('a')] as const,
      ([a, rows]) => a?.version === 1 && rows.length === 1,
    );
    failing.amounts.clear();
    await operatorRetries('a');

    // The pass has chosen what to replay (v2 alone) when v3 arrives behind it.
    const gate = parking.holdNext('retriesRequested');
    const pass = runner.retrier.runPass();
    await gate.reached;
    await stream.append('a', 3);
    await eventually(
      async () => runner.locks.waiters(partition) > 0 || (await parked('a')).length >= 2,
      Boolean,
    );
    gate.release();
    await pass;

    // No operator acts again: v3 flows, directly or with the next pass.
    await runner.retrier.runPass();
    const healed = await eventually(
      () => view('a'),
      (a) => a?.version === 3,
    );
    expect(healed).toEqual({ _id: 'a', version: 3, view: { total: 17, deposits: 3 } });
    expect((await parked('a')).every((row) => row.status === 'resolved')).toBe(true);
    await stream.close();
  });

  it('parks a poison that fails its retry again with what queued behind it, and stops retrying it', async () => {
    const { stream, runner, view, parked, operatorRetries, projection } = await setUp();
    failing.amounts.add(13);
    await stream.append('a', 1, 13, 2);
    await eventually(
      () => parked('a'),
      (rows) => rows.length === 2,
    );
    await operatorRetries('a'); // but the fix is not deployed
    await runner.retrier.runPass();
    expect((await parked('a')).map((row) => row.status)).toEqual(['parked', 'parked']);
    // Nothing is left asking for a retry: the next pass does not replay the poison again.
    const lastChange = async () =>
      (
        await pool.query<{ at: Date }>(
          `select max(updated_at) as at from ${schema}.parked_events where projection = $1`,
          [projection],
        )
      ).rows[0]?.at;
    const before = await lastChange();
    await runner.retrier.runPass();
    expect(await lastChange()).toEqual(before);
    expect((await view('a'))?.version).toBe(1);
    await stream.close();
  });
});
