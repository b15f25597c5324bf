import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection } from 'mongodb';
import type { Document } from 'mongodb';
import { ConcurrentWriteError } from './sink.ts';

/**
 * Writes per MongoDB command. FerretDB 1.24 keeps one PostgreSQL connection per matched
 * statement of an update command until the command ends, and hangs for good once they reach its
 * pool (50 in infra/); 8 stays far below that and still amortises the round trip. Exported so
 * the bench's raw baseline chunks the same way.
 */
export const maxOperationsPerCommand = 8;

/**
 * Commands of one batch in flight at once. FerretDB works on them in parallel (a command waits
 * on PostgreSQL, not on FerretDB), so two of them roughly halve a batch's write time, while at
 * most 2 x 8 connections stay held: a third of FerretDB's pool, which other clients share.
 */
export const commandsInFlight = 2;

/** Runs `work` over `items` with at most `limit` calls in flight; the first failure stops new calls and is thrown once all calls in flight have settled. */
export const runBounded = async <T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> => {
  let next = 0;
  let failed: { error: unknown } | undefined;
  const lane = async () => {
    while (failed === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failed !== undefined) throw failed.error;
};

export const chunksOf = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

const duplicateKey = 11000;

/**
 * Sends version-guarded inserts and replacements in small commands, a few in flight. Each must
 * apply in full: a replacement that matches nothing, or an insert whose id already exists, means
 * another writer got there first, and the batch must be read again and retried.
 */
export const sendGuarded = async <D extends Document>(
  collection: Collection<D>,
  operations: readonly AnyBulkWriteOperation<D>[],
): Promise<void> => {
  await runBounded(
    chunksOf(operations, maxOperationsPerCommand),
    commandsInFlight,
    async (chunk) => {
      const replaced = chunk.filter((operation) => 'replaceOne' in operation).length;
      const result = await collection
        .bulkWrite(chunk, { ordered: false })
        .catch((error: unknown) => {
          const writeErrors =
            error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [];
          if (writeErrors.length > 0 && writeErrors.every((e) => e.code === duplicateKey))
            throw new ConcurrentWriteError(
              `${collection.collectionName}: another writer created ${String(writeErrors.length)} view(s) during the batch`,
            );
          throw error;
        });
      if (result.matchedCount !== replaced || result.insertedCount !== chunk.length - replaced)
        throw new ConcurrentWriteError(
          `${collection.collectionName}: another writer changed ${String(chunk.length - result.matchedCount - result.insertedCount)} view(s) during the batch`,
        );
    },
  );
};
