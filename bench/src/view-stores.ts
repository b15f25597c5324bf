import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import {
  mongoKeyedSink,
  postgresKeyedSink,
  progressCollection,
  type KeyedReadModel,
  type ProjectionSink,
} from '@orderflow/projections';
import { quoteIdentifier } from '../../packages/projections/src/sinks/postgres-schema.ts';
import type { StoredView } from './counter-events.ts';
import { rawMongoBulkWrite, rawPostgresUpserts, type RawWriteOptions } from './raw-bulk-writes.ts';

export type Store = 'mongodb' | 'postgresql';

/** Where one projector run writes: its own collection or table, named after the run. */
export interface RunTarget {
  readonly model: KeyedReadModel<unknown>;
  /** PostgreSQL schema of the run: the parking lot's, and the PostgreSQL sink's. */
  readonly schema: string;
  readonly collection: string;
}

/** A store under test: the projector's sink into it, and the raw baseline for the same views. */
export interface ViewStore {
  readonly name: Store;
  readonly sink: (run: RunTarget) => ProjectionSink;
  readonly views: (run: RunTarget) => Promise<StoredView[]>;
  /** Removes what a run left in this store, beyond the run's schema. */
  readonly drop: (run: RunTarget) => Promise<void>;
  readonly rawBulkWrite: (options: RawWriteOptions) => Promise<number>;
}

const table = 'counters';

export const mongoViewStore = (db: Db): ViewStore => ({
  name: 'mongodb',
  sink: ({ model, collection }) => mongoKeyedSink({ db, model, collection }),
  views: async ({ collection }) => {
    const documents = await db
      .collection<{ _id: string; version: number; view: unknown }>(collection)
      .find({})
      .toArray();
    return documents.map((d) => ({ id: d._id, version: d.version, view: d.view }));
  },
  drop: async ({ model, collection }) => {
    await db.collection(collection).drop();
    // The progress collection is shared by every projection: only this run's documents go.
    await db.collection(progressCollection).deleteMany({ projection: model.name });
  },
  rawBulkWrite: (options) => rawMongoBulkWrite(db, options),
});

export const postgresViewStore = (pool: Pool): ViewStore => ({
  name: 'postgresql',
  sink: ({ model, schema }) => postgresKeyedSink({ pool, model, table, schema }),
  views: async ({ schema }) => {
    const { rows } = await pool.query<StoredView>(
      `select id, version, view from ${quoteIdentifier(schema)}.${table}`,
    );
    return rows;
  },
  drop: () => Promise.resolve(), // the sink's table lives in the run's schema
  rawBulkWrite: (options) => rawPostgresUpserts(pool, options),
});
