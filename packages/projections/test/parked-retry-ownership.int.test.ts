import { describe, expect, it } from 'vitest';
import { uniqueName } from '@orderflow/testing';
import { ParkingLot, mongoKeyedSink, type ProjectionRunner } from '../src/index.ts';
import { balanceModel, failing } from './support/balance-model.ts';
import { cleanUpRunners, startRunner } from './support/runners.ts';
import { createTestStream, eventually, mongo, pool } from './support/test-stream.ts';

// Every member of a projection's group runs a retrier. Each must replay only the parked events
// of the partitions the group assigned to it: the owner writes those views, and a second member
// retrying them too is duplicated work that contends with the owner for the same rows.
const schema = 'projections_test';

cleanUpRunners();

describe('retrying parked events in a group of projector members', () => {
  it('retries only the partitions this member owns, and leaves the others to their owner', async () => {
    const stream = await createTestStream({ partitions: 2 });
    const model = balanceModel(uniqueName('owned'), stream.source);
    const collection = uniqueName('owned').replace('-', '_');
    const member = () =>
      startRunner({
        model,
        sink: mongoKeyedSink({ db: mongo.db(), model, collection }),
        parking: new ParkingLot(pool, schema, model.name),
        retryPollMs: 3_600_000, // passes run when the test says so
      });
    const first = await member();
    const second = await member();
    const partitionOf = (runner: ProjectionRunner) => runner.owned.all().map((p) => p.partition);
    const assigned = await eventually(
      () => Promise.resolve([partitionOf(first), partitionOf(second)]),
      ([a, b]) => a?.length === 1 && b?.length === 1,
      60_000,
    );
    expect(assigned.flat().sort()).toEqual([0, 1]);

    failing.amounts.add(13);
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    for (const id of ids) await stream.append(id, 1, 13);
    const parked = async () =>
      (
        await pool.query<{ aggregate_id: string; partition: number; status: string }>(
          `select aggregate_id, partition, status from ${schema}.parked_events
            where projection = $1 order by aggregate_id`,
          [model.name],
        )
      ).rows;
    const poisons = await eventually(parked, (rows) => rows.length === ids.length);
    expect(poisons.map((row) => row.aggregate_id)).toEqual(ids);
    // Eight keys over two partitions: both hold parked events (else the test proves nothing).
    expect(new Set(poisons.map((row) => row.partition)).size).toBe(2);

    failing.amounts.clear(); // the fix is deployed, and an operator retries everything
    await pool.query(`update ${schema}.parked_events set status = 'retry' where projection = $1`, [
      model.name,
    ]);
    const [owned] = partitionOf(second);
    await second.retrier.runPass();
    expect((await parked()).map((row) => [row.partition, row.status])).toEqual(
      poisons.map((row) => [row.partition, row.partition === owned ? 'resolved' : 'retry']),
    );

    await first.retrier.runPass();
    expect((await parked()).every((row) => row.status === 'resolved')).toBe(true);
    const views = await mongo
      .db()
      .collection(collection)
      .find({}, { projection: { _id: 1, version: 1, view: 1 } })
      .sort({ _id: 1 })
      .toArray();
    expect(views).toEqual(
      ids.map((id) => ({ _id: id, version: 2, view: { total: 14, deposits: 2 } })),
    );
    await stream.close();
  });
});
