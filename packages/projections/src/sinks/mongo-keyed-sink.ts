import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import { foldAggregates, type StoredView } from '../fold-aggregates.ts';
import type { KeyedReadModel } from '../read-model.ts';
import { mongoProgressId } from './mongo-progress-id.ts';
import { ConcurrentWriteError, type ProjectionSink } from './sink.ts';

export const progressCollection = 'projection_progress';
/**
 * Writes per MongoDB command. FerretDB 1.24 hangs for good on one update command that changes
 * as many documents as its PostgreSQL pool holds (50 in infra/); 8 stays far below that and
 * still amortises the round trip. Exported so the bench's raw baseline chunks the same way.
 */
export const maxOperationsPerCommand = 8;

interface ViewDocument extends Document {
  _id: string;
  version: number;
  view: unknown;
  updatedAt: string;
}

/**
 * One document per aggregate. FerretDB has no transactions, so exactly-once comes from the
 * version guard alone: new views are plain inserts, existing ones are replaced only if still at
 * the version that was read (a zombie's late write matches nothing and the batch is retried).
 * Progress is written after the documents, so it never claims more than is visible.
 */
export const mongoKeyedSink = (options: {
  readonly db: Db;
  readonly model: KeyedReadModel<unknown>;
  readonly collection: string;
  readonly indexes?: readonly {
    readonly name: string;
    readonly key: Readonly<Record<string, 1 | -1>>;
  }[];
}): ProjectionSink => {
  const views = options.db.collection<ViewDocument>(options.collection);
  const progress = options.db.collection<{
    _id: string;
    projection: string;
    topic: string;
    partition: number;
    nextOffset: string;
  }>(progressCollection);
  return {
    describe: `mongodb ${options.collection}`,
    prepare: async () => {
      for (const index of options.indexes ?? [])
        await views.createIndex({ ...index.key }, { name: index.name }, {});
    },
    write: async ({ envelopes, progress: positions }) => {
      const ids = [...new Set(envelopes.map((e) => e.aggregateId))];
      const stored = new Map<string, StoredView>();
      if (ids.length > 0) {
        for (const document of await views.find({ _id: { $in: ids } }).toArray())
          stored.set(document._id, document);
      }
      const { views: folded, poisoned } = foldAggregates(options.model, envelopes, stored);
      const now = new Date().toISOString();
      const operations: AnyBulkWriteOperation<ViewDocument>[] = folded.map((f) =>
        f.previousVersion === undefined
          ? {
              insertOne: {
                document: { _id: f.id, version: f.version, view: f.view, updatedAt: now },
              },
            }
          : {
              replaceOne: {
                filter: { _id: f.id, version: f.previousVersion },
                replacement: { _id: f.id, version: f.version, view: f.view, updatedAt: now },
              },
            },
      );
      // Small commands (see maxOperationsPerCommand), sent one after another.
      for (let first = 0; first < operations.length; first += maxOperationsPerCommand) {
        const chunk = operations.slice(first, first + maxOperationsPerCommand);
        const result = await views.bulkWrite(chunk, { ordered: false });
        const replaced = chunk.filter((operation) => 'replaceOne' in operation).length;
        if (result.matchedCount !== replaced || result.insertedCount !== chunk.length - replaced) {
          throw new ConcurrentWriteError(
            `${options.collection}: another writer changed ${String(chunk.length - result.matchedCount - result.insertedCount)} view(s) during the batch`,
          );
        }
      }
      for (const position of positions) {
        const _id = mongoProgressId(options.model.name, position.topic, position.partition);
        await progress.updateOne(
          { _id },
          {
            $set: {
              projection: options.model.name,
              topic: position.topic,
              partition: position.partition,
              nextOffset: position.nextOffset,
            },
          },
          { upsert: true },
        );
      }
      return poisoned;
    },
  };
};
