import { describe, expect, it } from 'vitest';
import { uniqueName } from '@orderflow/testing';
import {
  ParkingLot,
  mongoKeyedSink,
  postgresAppendOnlySink,
  postgresKeyedSink,
  type AppendOnlyReadModel,
  type EventSource,
  type KeyedReadModel,
  type ProjectionSink,
} from '../src/index.ts';
import { balanceModel, failing, type Balance } from './support/balance-model.ts';
import { cleanUpRunners, startRunner } from './support/runners.ts';
import { createTestStream, eventually, mongo, pool } from './support/test-stream.ts';

const schema = 'projections_test';

const depositsModel = (name: string, source: EventSource, table: string): AppendOnlyReadModel => ({
  kind: 'append-only',
  name,
  sources: [source],
  ddl: [
    `create table if not exists {schema}.${table} (account text, version integer, amount bigint, primary key (account, version))`,
  ],
  naturalKeys: { [table]: ['account', 'version'] },
  rowsFor: (envelope) => [
    {
      table,
      values: {
        account: envelope.aggregateId,
        version: envelope.version,
        amount: (envelope.event.data as { amount: number }).amount,
      },
    },
  ],
});

const start = (
  model: KeyedReadModel<unknown> | AppendOnlyReadModel,
  sink: ProjectionSink,
  groupId?: string,
) =>
  startRunner({
    model,
    sink,
    parking: new ParkingLot(pool, schema, model.name),
    retryPollMs: 200,
    ...(groupId ? { groupId } : {}),
  });
cleanUpRunners();

const pgViews = async (table: string) =>
  (
    await pool.query<{ id: string; version: number; view: Balance }>(
      `select id, version, view from ${schema}.${table} order by id`,
    )
  ).rows;
const mongoViews = async (collection: string) =>
  mongo
    .db()
    .collection(collection)
    .find({}, { projection: { updatedAt: 0 } })
    .sort({ _id: 1 })
    .toArray();

describe('the projection runner against Kafka, PostgreSQL and FerretDB', () => {
  it('folds events into PostgreSQL, and the same events delivered again change nothing', async () => {
    const stream = await createTestStream();
    const table = uniqueName('balances').replace('-', '_');
    const model = balanceModel(uniqueName('balances'), stream.source);
    await stream.append('a', 10, 20, 30);
    await stream.append('b', 5);
    await start(model, postgresKeyedSink({ pool, model, table, schema }));
    const first = await eventually(
      () => pgViews(table),
      (rows) => rows.length === 2 && rows[0]?.version === 3,
    );
    expect(first).toEqual([
      { id: 'a', version: 3, view: { total: 60, deposits: 3 } },
      { id: 'b', version: 1, view: { total: 5, deposits: 1 } },
    ]);
    const { rows: progress } = await pool.query(
      `select partition, next_offset from ${schema}.projection_progress where projection = $1 order by partition`,
      [model.name],
    );
    expect(progress.length).toBeGreaterThan(0);

    // A second consumer group re-reads the topic from the beginning into the same table.
    await start(model, postgresKeyedSink({ pool, model, table, schema }), `${model.name}.again`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await pgViews(table)).toEqual(first);
    await stream.close();
  });

  it('folds into MongoDB with the same duplicate-proof guarantee', async () => {
    const stream = await createTestStream();
    const collection = uniqueName('balances').replace('-', '_');
    const model = balanceModel(uniqueName('balances'), stream.source);
    await stream.append('a', 1, 2);
    await start(model, mongoKeyedSink({ db: mongo.db(), model, collection }));
    const first = await eventually(
      () => mongoViews(collection),
      (docs) => docs[0]?.version === 2,
    );
    expect(first).toEqual([{ _id: 'a', version: 2, view: { total: 3, deposits: 2 } }]);
    await start(
      model,
      mongoKeyedSink({ db: mongo.db(), model, collection }),
      `${model.name}.again`,
    );
    await stream.append('a', 4);
    const after = await eventually(
      () => mongoViews(collection),
      (docs) => docs[0]?.version === 3,
    );
    expect(after).toEqual([{ _id: 'a', version: 3, view: { total: 7, deposits: 3 } }]);
  });

  it('updates many existing MongoDB views in one batch without hanging FerretDB', async () => {
    // FerretDB 1.24 never answers one update command that changes as many documents as its
    // PostgreSQL pool holds (50): the sink must split its writes.
    const stream = await createTestStream();
    const collection = uniqueName('balances').replace('-', '_');
    const model = balanceModel(uniqueName('balances'), stream.source);
    const ids = Array.from({ length: 120 }, (_, i) => `agg-${String(i)}`);
    for (const id of ids) await stream.append(id, 1);
    await start(model, mongoKeyedSink({ db: mongo.db(), model, collection }));
    await eventually(
      () => mongoViews(collection),
      (docs) => docs.length === ids.length,
    );
    for (const id of ids) await stream.append(id, 2);
    const docs = await eventually(
      () => mongoViews(collection),
      (all) => all.every((d) => d.version === 2),
      60_000,
    );
    expect(docs.filter((d) => d.version === 2)).toHaveLength(ids.length);
  });

  it('writes append-only rows once, however often they are delivered', async () => {
    const stream = await createTestStream();
    const table = uniqueName('deposits').replace('-', '_');
    const model = depositsModel(uniqueName('deposits'), stream.source, table);
    await stream.append('a', 1, 2, 3);
    await start(model, postgresAppendOnlySink({ pool, model, schema }));
    await start(model, postgresAppendOnlySink({ pool, model, schema }), `${model.name}.again`);
    const rows = await eventually(
      async () =>
        (
          await pool.query<{ amount: string }>(
            `select account, version, amount from ${schema}.${table} order by version`,
          )
        ).rows,
      (r) => r.length === 3,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await pool.query(`select count(*)::int as n from ${schema}.${table}`)).rows[0]).toEqual(
      { n: 3 },
    );
    expect(rows.map((r) => Number(r.amount))).toEqual([1, 2, 3]);
  });

  it('parks a poison event with the later events of its aggregate while others flow; retried after the fix', async () => {
    const stream = await createTestStream();
    const table = uniqueName('balances').replace('-', '_');
    const model = balanceModel(uniqueName('balances'), stream.source);
    failing.amounts.add(13);
    await stream.append('sick', 1, 13, 2);
    await stream.append('healthy', 7, 8);
    await start(model, postgresKeyedSink({ pool, model, table, schema }));
    await stream.append('sick', 3); // after the poison: must queue behind it
    const parked = await eventually(
      async () =>
        (
          await pool.query<{ reason: string; version: number }>(
            `select reason, version from ${schema}.parked_events where projection = $1 order by "offset"`,
            [model.name],
          )
        ).rows,
      (rows) => rows.length === 3,
    );
    expect(parked[0]?.reason).toContain('cannot fold 13');
    expect(parked.slice(1).every((row) => row.reason.includes('blocked'))).toBe(true);
    const views = await eventually(
      () => pgViews(table),
      (rows) => rows.length === 2,
    );
    expect(views).toEqual([
      { id: 'healthy', version: 2, view: { total: 15, deposits: 2 } },
      { id: 'sick', version: 1, view: { total: 1, deposits: 1 } },
    ]);

    failing.amounts.clear(); // the fix is deployed
    await pool.query(
      `update ${schema}.parked_events set status = 'retry' where projection = $1 and status = 'parked'`,
      [model.name],
    );
    const healed = await eventually(
      () => pgViews(table),
      (rows) => rows.find((r) => r.id === 'sick')?.version === 4,
    );
    expect(healed.find((r) => r.id === 'sick')).toEqual({
      id: 'sick',
      version: 4,
      view: { total: 19, deposits: 4 },
    });
    const { rows: statuses } = await pool.query(
      `select status from ${schema}.parked_events where projection = $1`,
      [model.name],
    );
    expect(statuses.every((row: { status: string }) => row.status === 'resolved')).toBe(true);
  });

  it('parks an undecodable record, and a skipped poison lets the aggregate flow again', async () => {
    const stream = await createTestStream();
    const table = uniqueName('balances').replace('-', '_');
    const model = balanceModel(uniqueName('balances'), stream.source);
    await stream.append('x', 1);
    await stream.appendRaw('x', Buffer.from('not avro'));
    await start(model, postgresKeyedSink({ pool, model, table, schema }));
    const parked = await eventually(
      async () =>
        (
          await pool.query<{ id: string; reason: string }>(
            `select id, reason from ${schema}.parked_events where projection = $1`,
            [model.name],
          )
        ).rows,
      (rows) => rows.length === 1,
    );
    expect(parked[0]?.reason).toMatch(/undecodable/);
    await pool.query(`update ${schema}.parked_events set status = 'skipped' where id = $1`, [
      parked[0]?.id,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the runner reloads what is blocked
    await stream.append('x', 5);
    const views = await eventually(
      () => pgViews(table),
      (rows) => rows[0]?.version === 3,
    );
    expect(views).toEqual([{ id: 'x', version: 3, view: { total: 6, deposits: 2 } }]);
  });

  it('pauses while the sink is down and resumes when it is back: nothing lost, nothing duplicated', async () => {
    const stream = await createTestStream();
    const table = uniqueName('balances').replace('-', '_');
    const model = balanceModel(uniqueName('balances'), stream.source);
    const real = postgresKeyedSink({ pool, model, table, schema });
    const outage = { down: true, attempts: 0 };
    const flaky: ProjectionSink = {
      ...real,
      write: async (batch) => {
        if (outage.down) {
          outage.attempts += 1;
          throw new Error('connection refused');
        }
        return real.write(batch);
      },
    };
    await stream.append('a', 1, 2, 3);
    const runner = await start(model, flaky);
    await eventually(
      () => Promise.resolve(outage.attempts),
      (n) => n >= 4,
    );
    expect(runner.breaker.state).not.toBe('closed');
    expect(await pgViews(table)).toEqual([]);
    outage.down = false;
    const views = await eventually(
      () => pgViews(table),
      (rows) => rows[0]?.version === 3,
      15_000,
    );
    expect(views).toEqual([{ id: 'a', version: 3, view: { total: 6, deposits: 3 } }]);
    expect(runner.breaker.state).toBe('closed');
  });
});
