import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import { uniqueName } from '@orderflow/testing';
import { ParkingLot, type RawEvent } from '../src/index.ts';
import { eventually, pool } from './support/test-stream.ts';

// Two projectors of one projection share its parking lot: during a rebalance one may park an
// event of an aggregate that the other is retrying. These rules keep that from stranding it.
const schema = 'projections_test';
const topic = 'ledger.events';
const projection = uniqueName('parking');
const parking = new ParkingLot(pool, schema, projection);

const raw = (offset: number): RawEvent => ({
  context: 'ledger',
  topic,
  partition: 0,
  message: {
    key: Buffer.from('a'),
    value: Buffer.from('x'),
    headers: {},
    offset: String(offset),
  } as unknown as KafkaMessage,
});
const statuses = async () =>
  (
    await pool.query<{ offset: string; status: string }>(
      `select "offset", status from ${schema}.parked_events where projection = $1 order by "offset"`,
      [projection],
    )
  ).rows.map((row) => `${row.offset}:${row.status}`);
const setStatus = (status: string, offsets: number[]) =>
  pool.query(
    `update ${schema}.parked_events set status = $2 where projection = $1 and "offset" = any($3::bigint[])`,
    [projection, status, offsets],
  );
const recordAt = async (offset: number) => {
  const [records] = await parking.retriesRequested({ topic, partition: 0 });
  const record = records?.find((r) => r.offset === String(offset));
  if (!record) throw new Error(`no record at ${String(offset)} to retry`);
  return record;
};

beforeAll(() => parking.prepare());
afterAll(() => pool.end());

describe('the parking lot shared by the projectors of one projection', () => {
  it('parks a poison for an operator, and what queues behind it as long as the poison waits', async () => {
    await parking.park(raw(10), 'a', 2, 'evolve failed', false);
    await parking.park(raw(11), 'a', 3, 'blocked', true);
    expect(await statuses()).toEqual(['10:parked', '11:parked']);
    expect(await parking.blockedAggregates({ topic, partition: 0 })).toEqual(new Set(['a']));
    expect(await parking.blockedAggregates({ topic, partition: 1 })).toEqual(new Set());
  });

  it('queues an event parked while its aggregate is being retried as a retry, not behind nothing', async () => {
    await setStatus('retry', [10, 11]); // the operator asked
    await parking.park(raw(12), 'a', 4, 'blocked', true); // another projector, meanwhile
    expect(await statuses()).toEqual(['10:retry', '11:retry', '12:retry']);
  });

  it('parks a record that fails its retry again with the retries queued behind it', async () => {
    const outcome = await parking.retry(await recordAt(10), () =>
      Promise.resolve({ resolved: false, reason: 'evolve failed again' }),
    );
    expect(outcome).toEqual({ resolved: false, reason: 'evolve failed again' });
    expect(await statuses()).toEqual(['10:parked', '11:parked', '12:parked']);
    expect(await parking.retriesRequested({ topic, partition: 0 })).toEqual([]);
  });

  it('leaves alone a record an operator skipped before its retry could take it', async () => {
    await setStatus('retry', [10, 11, 12]);
    const record = await recordAt(10);
    await setStatus('skipped', [10]); // between the pass's read and its retry
    let attempted = false;
    const outcome = await parking.retry(record, () => {
      attempted = true;
      return Promise.resolve({ resolved: true });
    });
    expect(outcome).toBeUndefined();
    expect(attempted).toBe(false);
    expect(await statuses()).toEqual(['10:skipped', '11:retry', '12:retry']);
  });

  it('makes an operator skip wait for a retry that holds the record, then see its outcome', async () => {
    const record = await recordAt(11);
    const holding = Promise.withResolvers<undefined>();
    const finish = Promise.withResolvers<undefined>();
    const retrying = parking.retry(record, async () => {
      holding.resolve(undefined);
      await finish.promise;
      return { resolved: true };
    });
    await holding.promise; // the retry holds the row: an operator's skip must wait for it
    const skip = pool.query(
      `update ${schema}.parked_events set status = 'skipped' where id = $1 and status in ('parked', 'retry') returning id /* skip-${projection} */`,
      [record.id],
    );
    await eventually(
      async () =>
        (
          await pool.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like $1`,
            [`%skip-${projection}%`],
          )
        ).rows[0]?.n,
      (n) => n === 1,
    );
    finish.resolve(undefined);
    await retrying;
    expect((await skip).rowCount).toBe(0); // too late: the event is applied, not skipped
    expect(await statuses()).toEqual(['10:skipped', '11:resolved', '12:retry']);
  });
});
