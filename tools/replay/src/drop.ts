import { progressCollection } from '@orderflow/projections';
import {
  mongoCollectionOf,
  pgSchemaOf,
  progressNameOf,
  quoteIdentifier,
} from '@orderflow/read-targets';
import type { CatalogEntry } from './catalog.ts';
import type { Connections } from './connections.ts';
import { RefusedError } from './errors.ts';
import { LockKeeper, newLockOwner } from './lock-keeper.ts';

/**
 * Drops a version's target: its documents or tables, its checkpoint, its consumer group and its
 * registry entry. Never the live version; never a version a running rebuild is writing (the
 * drop takes the projection's rebuild lock for its duration).
 */
export const dropVersion = async (
  connections: Connections,
  entry: CatalogEntry,
  version: number,
) => {
  const name = entry.model.name;
  const [entries, versions] = await Promise.all([
    connections.registry.entries(),
    connections.registry.versionsOf(name),
  ]);
  const live = entries.get(name)?.liveVersion ?? 1;
  if (version === live)
    throw new RefusedError(
      `version ${String(version)} is the live version of ${name}: rebuild first, then drop the old one`,
    );
  const known = versions.find((v) => v.version === version);
  if (!known)
    throw new RefusedError(
      `${name} has no version ${String(version)}; it has ${[...new Set([live, ...versions.map((v) => v.version)])].join(', ')}`,
    );
  await connections.registry.prepare();
  const lock = await LockKeeper.acquire(connections.registry, name, newLockOwner());
  try {
    const progressName = progressNameOf(name, version);
    if (entry.collection) {
      await connections.mongo
        .collection(mongoCollectionOf(entry.collection, version))
        .drop()
        .catch(() => undefined);
      await connections.mongo
        .collection(progressCollection)
        .deleteMany({ projection: progressName });
    } else {
      const schema = quoteIdentifier(pgSchemaOf(connections.schema, version));
      for (const table of entry.tables)
        await connections.pool.query(`drop table if exists ${schema}.${quoteIdentifier(table)}`);
      await connections.pool
        .query(`delete from ${schema}.projection_progress where projection = $1`, [progressName])
        .catch(() => undefined);
    }
    // Best effort: a group with a member left by a crashed run cannot be deleted yet.
    await connections.admin.deleteGroups([known.groupId]).catch(() => undefined);
    await connections.registry.forgetVersion(name, version);
  } finally {
    await lock.release();
  }
};
