import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import type { ProgressStore } from '../projections.ts';

/** For each asked partition that has progress: the next offset the projection will apply. */
export type ReadProgress = (
  projection: string,
  topic: string,
  partitions: readonly number[],
) => Promise<ReadonlyMap<number, bigint>>;

interface MongoProgressDocument {
  _id: string;
  projection: string;
  topic: string;
  partition: number;
  nextOffset: string;
}

/** Mongo sinks write this document after the batch's views, so it never runs ahead of them. */
export const mongoProgress =
  (db: Db): ReadProgress =>
  async (projection, topic, partitions) => {
    const ids = partitions.map((partition) => `${projection}|${topic}|${String(partition)}`);
    const documents = await db
      .collection<MongoProgressDocument>('projection_progress')
      .find({ _id: { $in: ids } })
      .toArray();
    return new Map(documents.map((doc) => [doc.partition, BigInt(doc.nextOffset)]));
  };

/** PostgreSQL sinks write this row in the same transaction as the batch's rows. */
export const postgresProgress =
  (pool: Pool): ReadProgress =>
  async (projection, topic, partitions) => {
    const result = await pool.query<{ partition: number; next_offset: string }>(
      `select partition, next_offset::text as next_offset
         from read_models.projection_progress
        where projection = $1 and topic = $2 and partition = any($3::int[])`,
      [projection, topic, partitions],
    );
    return new Map(result.rows.map((row) => [row.partition, BigInt(row.next_offset)]));
  };

export const progressReaders = (stores: {
  readonly mongo: Db;
  readonly pg: Pool;
}): Record<ProgressStore, ReadProgress> => ({
  mongodb: mongoProgress(stores.mongo),
  postgresql: postgresProgress(stores.pg),
});
