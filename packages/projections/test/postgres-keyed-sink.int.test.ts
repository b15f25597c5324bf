import { afterAll, describe, expect, it } from 'vitest';
import { uniqueName } from '@orderflow/testing';
import { postgresKeyedSink, type EventEnvelope, type KeyedReadModel } from '../src/index.ts';
import { pool } from './support/test-stream.ts';

// The sink alone, batches built by hand: what a redelivered or replayed Kafka batch looks like,
// without waiting for a consumer group to produce one.
const schema = 'projections_test';
const topic = 'ledger.events';

interface Balance {
  readonly total: number;
  readonly deposits: number;
}

const model: KeyedReadModel<unknown> = {
  kind: 'keyed',
  name: uniqueName('many-keys'),
  sources: [],
  evolve: (view, envelope) => {
    const current = (view as Balance | null) ?? { total: 0, deposits: 0 };
    const amount = (envelope.event.data as { amount: number }).amount;
    return { total: current.total + amount, deposits: current.deposits + 1 };
  },
};

/** Deposits of `version * 10` for versions `from..to` of every account, interleaved as on a partition. */
const deposits = (accounts: readonly string[], from: number, to: number): EventEnvelope[] => {
  const envelopes: EventEnvelope[] = [];
  for (let version = from; version <= to; version++)
    for (const account of accounts)
      envelopes.push({
        event: { type: 'Deposited', data: { amount: version * 10 } },
        context: 'ledger',
        aggregateId: account,
        version,
        eventId: `${account}-${String(version)}`,
        occurredAt: '2026-01-01T00:00:00.000Z',
        correlationId: null,
        causationId: null,
        commandId: null,
        position: { topic, partition: 0, offset: String(envelopes.length) },
      });
  return envelopes;
};

/** The sum of version * 10 for versions 1..n. */
const totalAt = (n: number) => (10 * n * (n + 1)) / 2;

/** Until a statement on `table` waits for a lock (our upsert, behind the uncommitted insert). */
const waitUntilBlockedOnALock = async (table: string) => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { rows } = await pool.query(
      `select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like $1`,
      [`%${table}%`],
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the sink never waited for the other writer');
};

afterAll(async () => {
  await pool.end();
});

describe('the PostgreSQL keyed sink with many keys per batch', () => {
  it('writes hundreds of views in one batch, and a duplicated or replayed batch changes nothing', async () => {
    const table = uniqueName('many').replace('-', '_');
    const sink = postgresKeyedSink({ pool, model, table, schema });
    await sink.prepare();
    const accounts = Array.from({ length: 400 }, (_, i) => `acct-${String(i).padStart(3, '0')}`);
    const rows = async () =>
      (
        await pool.query<{ id: string; version: number; view: Balance; updated_at: Date }>(
          `select id, version, view, updated_at from ${schema}.${table} order by id`,
        )
      ).rows;
    const progress = async () =>
      (
        await pool.query<{ next_offset: string }>(
          `select next_offset from ${schema}.projection_progress where projection = $1 and topic = $2`,
          [model.name, topic],
        )
      ).rows.map((row) => row.next_offset);

    const batch = {
      envelopes: deposits(accounts, 1, 3),
      progress: [{ topic, partition: 0, nextOffset: '1200' }],
    };
    expect(await sink.write(batch)).toEqual([]);
    const first = await rows();
    expect(first).toHaveLength(400);
    expect(first.every((row) => row.version === 3)).toBe(true);
    expect(first.map((row) => row.view)).toEqual(
      accounts.map(() => ({ total: totalAt(3), deposits: 3 })),
    );
    expect(await progress()).toEqual(['1200']);

    // The same batch again (a redelivery after a crash before the offset commit).
    await sink.write(batch);
    // An older batch (a replay from further back): versions at or below the stored ones.
    await sink.write({
      envelopes: deposits(accounts, 1, 2),
      progress: [{ topic, partition: 0, nextOffset: '800' }],
    });
    expect(await rows()).toEqual(first);
    expect(await progress()).toEqual(['1200']);

    // A batch that moves only half of the accounts on: only those rows change.
    const half = accounts.slice(0, 200);
    await sink.write({
      envelopes: deposits(half, 4, 4),
      progress: [{ topic, partition: 0, nextOffset: '1400' }],
    });
    const after = await rows();
    expect(after.filter((row) => row.version === 4).map((row) => row.id)).toEqual(half);
    expect(after.find((row) => row.id === 'acct-000')?.view).toEqual({
      total: totalAt(4),
      deposits: 4,
    });
    expect(after.slice(200)).toEqual(first.slice(200));
    expect(await progress()).toEqual(['1400']);
  });

  it('never lets a lower version overwrite a row another writer inserted during the batch', async () => {
    const table = uniqueName('many').replace('-', '_');
    const sink = postgresKeyedSink({ pool, model, table, schema });
    await sink.prepare();
    // A zombie projector inserts version 3 of a new view and has not committed yet: our batch's
    // read does not see it (nothing to lock), so only the upsert's version guard can protect it.
    const zombie = await pool.connect();
    try {
      await zombie.query('begin');
      await zombie.query(
        `insert into ${schema}.${table} (id, version, view) values ('late', 3, '{"total": 999, "deposits": 3}')`,
      );
      const writing = sink.write({
        envelopes: deposits(['late'], 1, 2),
        progress: [{ topic, partition: 3, nextOffset: '2' }],
      });
      await waitUntilBlockedOnALock(table);
      await zombie.query('commit');
      await writing;
    } finally {
      zombie.release();
    }
    const { rows } = await pool.query(`select id, version, view from ${schema}.${table}`);
    expect(rows).toEqual([{ id: 'late', version: 3, view: { total: 999, deposits: 3 } }]);
  });

  it('writes nothing, rows nor progress, when the batch fails', async () => {
    const table = uniqueName('many').replace('-', '_');
    const sink = postgresKeyedSink({ pool, model, table, schema });
    await sink.prepare();
    const partition = 7;
    // A NUL character is valid in JSON but not in PostgreSQL text: the upsert fails after the
    // select, and the transaction must take the progress down with it.
    const poisonedJson = deposits(['ok-1', 'ok-2'], 1, 1).map((envelope, i) =>
      i === 1
        ? { ...envelope, event: { type: 'Deposited', data: { amount: 1, note: '\u0000' } } }
        : envelope,
    );
    const failing: KeyedReadModel<unknown> = {
      ...model,
      evolve: (view, envelope) => ({
        ...(model.evolve(view, envelope) as object),
        data: envelope.event.data,
      }),
    };
    const failingSink = postgresKeyedSink({ pool, model: failing, table, schema });
    await expect(
      failingSink.write({
        envelopes: poisonedJson,
        progress: [{ topic, partition, nextOffset: '2' }],
      }),
    ).rejects.toThrow();
    expect((await pool.query(`select count(*)::int as n from ${schema}.${table}`)).rows[0]).toEqual(
      { n: 0 },
    );
    expect(
      (
        await pool.query(
          `select count(*)::int as n from ${schema}.projection_progress where projection = $1 and partition = $2`,
          [failing.name, partition],
        )
      ).rows[0],
    ).toEqual({ n: 0 });
  });
});
