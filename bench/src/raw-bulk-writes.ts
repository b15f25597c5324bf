import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Pool } from 'pg';
// The very table the keyed sink creates, so both write the same rows.
import {
  keyedTableDdl,
  quoteIdentifier,
} from '../../packages/projections/src/sinks/postgres-schema.ts';
import {
  counterViewAt,
  expectFinalViews,
  type CounterEvent,
  type StoredView,
} from './counter-events.ts';
import { rate } from './measure.ts';

export interface RawWriteOptions {
  readonly events: readonly CounterEvent[];
  readonly batchSize: number;
}

/**
 * One document update per event, in log order: every intermediate view is written, not only
 * the final one, so the baseline does one write for each event the projector consumes.
 */
const batchesOf = (events: readonly CounterEvent[], size: number): StoredView[][] => {
  const updates = events.map((e) => ({
    id: e.aggregateId,
    version: e.version,
    view: counterViewAt(e.version),
  }));
  return Array.from({ length: Math.ceil(updates.length / size) }, (_, i) =>
    updates.slice(i * size, (i + 1) * size),
  );
};

// One statement cannot upsert the same id twice (PostgreSQL refuses, MongoDB's unordered bulk
// may apply them in any order): a batch is split wherever an id comes back.
const distinctRuns = (batch: readonly StoredView[]) => {
  const runs: StoredView[][] = [[]];
  for (const update of batch) {
    const run = runs.at(-1) ?? [];
    if (run.some((u) => u.id === update.id)) runs.push([update]);
    else run.push(update);
  }
  return runs;
};

/** Measured like the projector: from the first committed batch to the last. */
const timeBatches = async (
  batches: readonly StoredView[][],
  write: (batch: readonly StoredView[]) => Promise<void>,
) => {
  const [first, ...rest] = batches;
  if (first) await write(first);
  const started = process.hrtime.bigint();
  for (const batch of rest) await write(batch);
  return rate(
    rest.reduce((sum, batch) => sum + batch.length, 0),
    started,
  );
};

/** MongoDB `bulkWrite` of `replaceOne` upserts of `{ _id, version, view, updatedAt }`. */
export const rawMongoBulkWrite = async (db: Db, options: RawWriteOptions) => {
  const name = `bench_raw_${randomUUID().slice(0, 8)}`;
  const views = db.collection<{ _id: string; version: number; view: unknown; updatedAt: string }>(
    name,
  );
  try {
    await db.createCollection(name);
    const perSecond = await timeBatches(
      batchesOf(options.events, options.batchSize),
      async (batch) => {
        const updatedAt = new Date().toISOString();
        for (const run of distinctRuns(batch)) {
          await views.bulkWrite(
            run.map((u) => ({
              replaceOne: {
                filter: { _id: u.id },
                replacement: { _id: u.id, version: u.version, view: u.view, updatedAt },
                upsert: true,
              },
            })),
            { ordered: false },
          );
        }
      },
    );
    const stored = await views.find({}).toArray();
    expectFinalViews(
      stored.map((d) => ({ id: d._id, version: d.version, view: d.view })),
      options.events,
    );
    return perSecond;
  } finally {
    await views.drop();
  }
};

/**
 * PostgreSQL: one transaction per batch of `insert ... on conflict (id) do update ... where
 * version < excluded.version`, the rows passed as arrays (unnest) in a single statement.
 */
export const rawPostgresUpserts = async (pool: Pool, options: RawWriteOptions) => {
  const schema = `bench_raw_${randomUUID().slice(0, 8)}`;
  const table = `${quoteIdentifier(schema)}.counters`;
  try {
    await pool.query(`create schema ${quoteIdentifier(schema)}`);
    await pool.query(keyedTableDdl(schema, 'counters'));
    const perSecond = await timeBatches(
      batchesOf(options.events, options.batchSize),
      async (batch) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          for (const run of distinctRuns(batch)) {
            await client.query(
              `insert into ${table} (id, version, view, updated_at)
             select id, version, view::jsonb, now() from unnest($1::text[], $2::int[], $3::text[]) as u(id, version, view)
             on conflict (id) do update set version = excluded.version, view = excluded.view, updated_at = now() where ${table}.version < excluded.version`,
              [
                run.map((u) => u.id),
                run.map((u) => u.version),
                run.map((u) => JSON.stringify(u.view)),
              ],
            );
          }
          await client.query('commit');
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
    );
    const { rows } = await pool.query<StoredView>(`select id, version, view from ${table}`);
    expectFinalViews(rows, options.events);
    return perSecond;
  } finally {
    await pool.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
  }
};
