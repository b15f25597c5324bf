import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import { mongoProgressId, readMongoProgress } from '@orderflow/projections';
import { quoteIdentifier } from '@orderflow/read-targets';
import type { ProgressStore } from '../projections.ts';
import type { ReadTargets } from '../read-model-namespace.ts';

/** For each asked partition that has progress: the next offset the projection will apply. */
export type ReadProgress = (
  projection: string,
  topic: string,
  partitions: readonly number[],
) => Promise<ReadonlyMap<number, bigint>>;

/**
 * Mongo sinks write this document after the batch's views, so it never runs ahead of them, and
 * only forwards (the same reader as theirs: offsets are int64).
 */
export const mongoProgress =
  (db: Db, targets: () => Promise<ReadTargets>): ReadProgress =>
  async (projection, topic, partitions) => {
    // The live version's progress: after a switch, the new target's, under its own name.
    const name = (await targets()).progressName(projection);
    const ids = partitions.map((partition) => mongoProgressId(name, topic, partition));
    const documents = await readMongoProgress(db, { _id: { $in: ids } });
    return new Map(documents.map((doc) => [doc.partition, doc.nextOffset]));
  };

/** PostgreSQL sinks write this row in the same transaction as the batch's rows. */
export const postgresProgress =
  (pool: Pool, targets: () => Promise<ReadTargets>): ReadProgress =>
  async (projection, topic, partitions) => {
    const live = await targets();
    const result = await pool.query<{ partition: number; next_offset: string }>(
      `select partition, next_offset::text as next_offset
         from ${quoteIdentifier(live.schema(projection))}.projection_progress
        where projection = $1 and topic = $2 and partition = any($3::int[])`,
      [live.progressName(projection), topic, partitions],
    );
    return new Map(result.rows.map((row) => [row.partition, BigInt(row.next_offset)]));
  };

export const progressReaders = (stores: {
  readonly mongo: Db;
  readonly pg: Pool;
  /** The request's snapshot of the live targets (taken once, on first use). */
  readonly targets: () => Promise<ReadTargets>;
}): Record<ProgressStore, ReadProgress> => ({
  mongodb: mongoProgress(stores.mongo, stores.targets),
  postgresql: postgresProgress(stores.pg, stores.targets),
});
