import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import { foldAggregates, type StoredView } from '../fold-aggregates.ts';
import type { KeyedReadModel } from '../read-model.ts';
import { sendGuarded } from './mongo-commands.ts';
import { migrateMongoProgress, writeMongoProgress } from './mongo-progress.ts';
import { OwnedViewCache } from './owned-view-cache.ts';
import type { ProjectionSink } from './sink.ts';

export { commandsInFlight, maxOperationsPerCommand, runBounded } from './mongo-commands.ts';

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
 * Progress is written after the documents, so it never claims more than is visible, and only
 * ever moves forwards (see writeMongoProgress).
 *
 * The views it wrote are kept (see OwnedViewCache) while the group's assignment stands: only
 * the ids it has not written since are read. Any failed write forgets them all, so the retry
 * reads the store.
 */
/** Point reads of stored views at once: well below FerretDB's 50 PostgreSQL connections. */
const lookupsInFlight = 16;

export const mongoKeyedSink = (options: {
  readonly db: Db;
  readonly model: KeyedReadModel<unknown>;
  readonly collection: string;
  readonly indexes?: readonly {
    readonly name: string;
    readonly key: Readonly<Record<string, 1 | -1>>;
  }[];
  /** Views kept in memory between batches (0: read every view every batch). */
  readonly cachedViews?: number;
}): ProjectionSink => {
  const views = options.db.collection<ViewDocument>(options.collection);
  const cache = options.cachedViews === 0 ? undefined : new OwnedViewCache(options.cachedViews);

  // Misses are read one `_id` at a time, `lookupsInFlight` at once. FerretDB 1.24 does not push
  // `$in` (or an `$or` of ids) down to PostgreSQL: it reads the whole collection and filters it
  // itself, 1.2 s per batch at 11,000 views. `_id` equality it does push down, and infra's
  // index on `_jsonb->'_id'` serves it (see "Notes on the infrastructure"): 20 lookups, 50 ms.
  const storedViews = async (ids: readonly string[]) => {
    const stored = new Map<string, StoredView>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = cache?.get(id);
      if (cached) stored.set(id, cached);
      else missing.push(id);
    }
    for (let start = 0; start < missing.length; start += lookupsInFlight) {
      const found = await Promise.all(
        missing.slice(start, start + lookupsInFlight).map((id) => views.findOne({ _id: id })),
      );
      for (const document of found) if (document) stored.set(document._id, document);
    }
    return stored;
  };

  return {
    describe: `mongodb ${options.collection}`,
    prepare: async () => {
      await migrateMongoProgress(options.db, options.model.name);
      for (const index of options.indexes ?? [])
        await views.createIndex({ ...index.key }, { name: index.name }, {});
    },
    // Another member may have written these partitions' views meanwhile.
    partitionsReassigned: () => cache?.clear(),
    write: async ({ envelopes, progress: positions }) => {
      try {
        const stored = await storedViews([...new Set(envelopes.map((e) => e.aggregateId))]);
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
        await sendGuarded(views, operations);
        for (const f of folded) cache?.remember(f.id, f);
        await writeMongoProgress(options.db, options.model.name, positions);
        return poisoned;
      } catch (error) {
        // Part of the batch may have landed, or another writer was first: trust nothing kept.
        cache?.clear();
        throw error;
      }
    },
  };
};
