import type { Db, Filter } from 'mongodb';
import type { PartitionProgress } from './sink.ts';

/**
 * Where MongoDB projections stand, one document per projection and topic-partition: written by
 * the MongoDB sinks after a batch's views, read by the query API's read-your-writes and lag
 * checks and by the replay CLI.
 */
export const progressCollection = 'projection_progress';

export const mongoProgressId = (projection: string, topic: string, partition: number) =>
  `${projection}|${topic}|${String(partition)}`;

interface ProgressDocument {
  _id: string;
  projection: string;
  topic: string;
  partition: number;
  /** An int64. Before monotonic progress it was a decimal string: still read, never written. */
  nextOffset: bigint | string;
}

export interface MongoProgress {
  readonly projection: string;
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: bigint;
}

const collectionOf = (db: Db) => db.collection<ProgressDocument>(progressCollection);

/**
 * Records the batch's positions. `$max` on a numeric offset makes the write monotonic, as
 * greatest() does in PostgreSQL: a late batch (a write abandoned at its deadline, a zombie
 * member after a rebalance, a replayed batch) never moves a partition's progress backwards.
 * FerretDB 1.24 applies `$max` and `$setOnInsert` in one upsert (no transactions needed).
 */
export const writeMongoProgress = async (
  db: Db,
  projection: string,
  positions: readonly PartitionProgress[],
): Promise<void> => {
  if (positions.length === 0) return;
  await collectionOf(db).bulkWrite(
    positions.map((position) => ({
      updateOne: {
        filter: { _id: mongoProgressId(projection, position.topic, position.partition) },
        update: {
          $max: { nextOffset: BigInt(position.nextOffset) },
          $setOnInsert: { projection, topic: position.topic, partition: position.partition },
        },
        upsert: true,
      },
    })),
    { ordered: false },
  );
};

/** Progress documents matching `filter`, offsets as bigints (int64 is read as such). */
export const readMongoProgress = async (
  db: Db,
  filter: Filter<ProgressDocument>,
): Promise<MongoProgress[]> => {
  const documents = await collectionOf(db).find(filter, { useBigInt64: true }).toArray();
  return documents.map((document) => ({
    projection: document.projection,
    topic: document.topic,
    partition: document.partition,
    nextOffset: BigInt(document.nextOffset),
  }));
};

/**
 * A projection's progress written before it was monotonic holds its offsets as strings, and
 * BSON orders every string above every number: `$max` would never move it again. Rewritten as
 * numbers once, before the projection writes; each only if still the string read, so nothing a
 * concurrent writer recorded is overwritten.
 */
export const migrateMongoProgress = async (db: Db, projection: string): Promise<void> => {
  const progress = collectionOf(db);
  for (const document of await progress.find({ projection }).toArray()) {
    if (typeof document.nextOffset !== 'string') continue;
    await progress.updateOne(
      { _id: document._id, nextOffset: document.nextOffset },
      { $set: { nextOffset: BigInt(document.nextOffset) } },
    );
  }
};
