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
import { commandsInFlight, maxOperationsPerCommand, runBounded } from '@orderflow/projections';
import { rate } from './measure.ts';

export interface RawWriteOptions {
  readonly events: readonly CounterEvent[];
  readonly batchSize: number;
  /**
   * `per-event`: one view update per event, in log order (every intermediate view is written:
   * one write for each event the projector consumes). `folded`: each batch's events already
   * folded into the views the projector writes for it (the same documents / rows, the
   * projector's ceiling without Kafka, decoding, reading and folding).
   */
  readonly views: 'per-event' | 'folded';
  /** Partitions of the events topic (see asPartitions). */
  readonly partitions: number;
}

/** A batch as written: its updates in runs of distinct ids, and how many events it stands for. */
interface RawBatch {
  readonly events: number;
  readonly runs: readonly (readonly StoredView[])[];
}

const chunksOf = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

// One statement cannot upsert the same id twice (PostgreSQL refuses, MongoDB's unordered bulk
// may apply them in any order): a batch is split wherever an id comes back.
const distinctRuns = (updates: readonly StoredView[]) => {
  const runs: { ids: Set<string>; updates: StoredView[] }[] = [];
  for (const update of updates) {
    const run = runs.at(-1);
    if (run && !run.ids.has(update.id)) {
      run.ids.add(update.id);
      run.updates.push(update);
    } else runs.push({ ids: new Set([update.id]), updates: [update] });
  }
  return runs.map((run) => run.updates);
};

/**
 * The projector reads a partition at a time, so its batch holds the events of that partition's
 * aggregates only: a `folded` baseline groups the aggregates the same way (round-robin over
 * `partitions` groups) before cutting batches, or its batches would fold into 3x more views.
 */
const asPartitions = (events: readonly CounterEvent[], partitions: number) => {
  const groupOf = new Map<string, number>();
  const groups: CounterEvent[][] = Array.from({ length: partitions }, () => []);
  for (const event of events) {
    const group = groupOf.get(event.aggregateId) ?? groupOf.size % partitions;
    groupOf.set(event.aggregateId, group);
    groups[group]?.push(event);
  }
  return groups;
};

/** Prepared before the clock starts: only the writes are timed. */
const batchesOf = (options: RawWriteOptions): RawBatch[] =>
  (options.views === 'folded'
    ? asPartitions(options.events, options.partitions).flatMap((group) =>
        chunksOf(group, options.batchSize),
      )
    : chunksOf(options.events, options.batchSize)
  ).map((chunk) => {
    const updates = chunk.map((e) => ({
      id: e.aggregateId,
      version: e.version,
      view: counterViewAt(e.version),
    }));
    if (options.views === 'per-event') return { events: chunk.length, runs: distinctRuns(updates) };
    const last = new Map(updates.map((u) => [u.id, u]));
    return { events: chunk.length, runs: [[...last.values()]] };
  });

/** Events/s, measured like the projector: from the first committed batch to the last. */
const timeBatches = async (
  batches: readonly RawBatch[],
  write: (runs: RawBatch['runs']) => Promise<void>,
) => {
  const [first, ...rest] = batches;
  if (first) await write(first.runs);
  const started = process.hrtime.bigint();
  for (const batch of rest) await write(batch.runs);
  return rate(
    rest.reduce((sum, batch) => sum + batch.events, 0),
    started,
  );
};

/**
 * MongoDB `bulkWrite` of `replaceOne` upserts of `{ _id, version, view, updatedAt }`, sent in
 * commands of `maxOperationsPerCommand`, `commandsInFlight` at once, as the keyed sink sends
 * them: on FerretDB 1.24 a larger update command can hang the server, so this chunking is the
 * fair raw equivalent there, and the same overlap keeps it the best raw way of sending them.
 */
export const rawMongoBulkWrite = async (db: Db, options: RawWriteOptions) => {
  const name = `bench_raw_${randomUUID().slice(0, 8)}`;
  const views = db.collection<{ _id: string; version: number; view: unknown; updatedAt: string }>(
    name,
  );
  try {
    await db.createCollection(name);
    const perSecond = await timeBatches(batchesOf(options), async (runs) => {
      const updatedAt = new Date().toISOString();
      // A run's ids are distinct, so its commands may overlap; runs follow one another.
      for (const run of runs)
        await runBounded(
          chunksOf(run, maxOperationsPerCommand),
          commandsInFlight,
          async (chunk) => {
            await views.bulkWrite(
              chunk.map((u) => ({
                replaceOne: {
                  filter: { _id: u.id },
                  replacement: { _id: u.id, version: u.version, view: u.view, updatedAt },
                  upsert: true,
                },
              })),
              { ordered: false },
            );
          },
        );
    });
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
    const perSecond = await timeBatches(batchesOf(options), async (runs) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        for (const run of runs) {
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
    });
    const { rows } = await pool.query<StoredView>(`select id, version, view from ${table}`);
    expectFinalViews(rows, options.events);
    return perSecond;
  } finally {
    await pool.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
  }
};
