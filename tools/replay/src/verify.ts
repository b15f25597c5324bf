import { randomUUID } from 'node:crypto';
import { mongoCollectionOf, pgSchemaOf, quoteIdentifier } from '@orderflow/read-targets';
import type { CatalogEntry } from './catalog.ts';
import {
  appendOnlyChecksums,
  differencesOf,
  keyedTableChecksums,
  mongoChecksums,
  type Checksums,
  type Difference,
} from './compare-targets.ts';
import type { Connections } from './connections.ts';
import { foldRange } from './fold-range.ts';
import {
  existingSourceTopics,
  targetCheckpoint,
  topicBounds,
  type Positions,
} from './positions.ts';

export interface VerifyReport {
  readonly projection: string;
  readonly version: number;
  readonly keysInTarget: number;
  readonly keysInFold: number;
  readonly eventsFolded: number;
  readonly eventsSkipped: number;
  readonly missing: number;
  readonly extra: number;
  readonly different: number;
  /** The first few differences, to start looking from. */
  readonly examples: readonly Difference[];
}

type Stores = Pick<Connections, 'kafka' | 'schemaRegistry' | 'pool' | 'mongo' | 'schema' | 'admin'>;

/** Checksums of what version N of the projection stores, in its own store. */
const checksumsOf = async (
  stores: Stores,
  entry: CatalogEntry,
  where: { schema: string; collection?: string },
): Promise<Checksums> => {
  if (where.collection) return mongoChecksums(stores.mongo, where.collection);
  if (entry.model.kind === 'append-only')
    return appendOnlyChecksums(stores.pool, where.schema, entry.model);
  return keyedTableChecksums(stores.pool, where.schema, entry.tables[0] ?? '');
};

const sameCheckpoint = (a: Positions, b: Positions) =>
  a.size === b.size && [...a].every(([key, offset]) => b.get(key) === offset);

/**
 * Compares a target with a fresh fold of the topics up to the target's own checkpoint, in a
 * scratch target built by the same sink code (so both are stored alike and compare by checksum).
 * A target that moves meanwhile (the live projector writing) is re-checked after folding the
 * new events too, a few rounds at most, until its checkpoint holds still.
 */
export const verifyTarget = async (
  stores: Stores,
  entry: CatalogEntry,
  version: number,
  options: { readonly rounds?: number; readonly examples?: number } = {},
): Promise<VerifyReport> => {
  const nonce = randomUUID().slice(0, 8);
  const scratchSchema = `${stores.schema}_verify_${nonce}`;
  const collectionSuffix = `_verify_${nonce}`;
  // Version 1 of a scratch base: the same sink code, under names no one else uses.
  const scratch = entry.sink(
    { mongo: stores.mongo, pool: stores.pool, schema: scratchSchema, collectionSuffix },
    1,
  );
  const target = {
    schema: pgSchemaOf(stores.schema, version),
    ...(entry.collection ? { collection: mongoCollectionOf(entry.collection, version) } : {}),
  };
  const scratchTarget = {
    schema: scratchSchema,
    ...(entry.collection ? { collection: `${entry.collection}${collectionSuffix}` } : {}),
  };
  try {
    const topics = await existingSourceTopics(stores.admin, entry, 'nothing to verify against');
    await scratch.prepare();
    const { low } = await topicBounds(stores.admin, topics);
    let foldedTo: Positions = low;
    let events = 0;
    let skipped = 0;
    let differences: Difference[] = [];
    let sizes = { target: 0, fold: 0 };
    for (let round = 0; round < (options.rounds ?? 5); round += 1) {
      const checkpoint = await targetCheckpoint(stores, entry, version);
      const to = new Map(low);
      for (const [key, offset] of checkpoint) to.set(key, offset);
      const outcome = await foldRange({
        ...stores,
        model: entry.model,
        sink: scratch,
        from: foldedTo,
        to,
      });
      events += outcome.events;
      skipped += outcome.skipped;
      foldedTo = to;
      const [stored, folded] = await Promise.all([
        checksumsOf(stores, entry, target),
        checksumsOf(stores, entry, scratchTarget),
      ]);
      differences = differencesOf(stored, folded);
      sizes = { target: stored.size, fold: folded.size };
      if (differences.length === 0) break;
      if (sameCheckpoint(await targetCheckpoint(stores, entry, version), checkpoint)) break;
    }
    const count = (kind: Difference['kind']) => differences.filter((d) => d.kind === kind).length;
    return {
      projection: entry.model.name,
      version,
      keysInTarget: sizes.target,
      keysInFold: sizes.fold,
      eventsFolded: events,
      eventsSkipped: skipped,
      missing: count('missing'),
      extra: count('extra'),
      different: count('different'),
      examples: differences.slice(0, options.examples ?? 5),
    };
  } finally {
    if (scratchTarget.collection)
      await stores.mongo
        .collection(scratchTarget.collection)
        .drop()
        .catch(() => undefined);
    await stores.pool.query(`drop schema if exists ${quoteIdentifier(scratchSchema)} cascade`);
  }
};

export const hasDifferences = (report: VerifyReport) =>
  report.missing + report.extra + report.different > 0;
