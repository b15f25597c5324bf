import type { Pool } from 'pg';
import { pgSchemaOf, quoteIdentifier } from '@orderflow/read-targets';
import type { CatalogEntry } from './catalog.ts';
import { RefusedError } from './errors.ts';

/** Only facts that say when they happened can be split at a timestamp. */
export const assertSeedable = async (
  pool: Pool,
  baseSchema: string,
  entry: CatalogEntry,
  liveVersion: number,
) => {
  for (const table of entry.tables) {
    const { rows } = await pool.query(
      `select 1 from information_schema.columns where table_schema = $1 and table_name = $2 and column_name = 'occurred_at'`,
      [pgSchemaOf(baseSchema, liveVersion), table],
    );
    if (rows.length === 0)
      throw new RefusedError(
        `${entry.model.name}: table ${table} of the live target has no occurred_at column, so its rows cannot be split at --from; rebuild from the beginning`,
      );
  }
};

/**
 * A rebuild from a timestamp starts from the live target's facts before it: those rows are
 * copied into the new version, and the replay adds (idempotently, by natural key) what happened
 * since. The tables share their DDL, so their columns line up.
 */
export const seedFromLive = async (
  pool: Pool,
  baseSchema: string,
  entry: CatalogEntry,
  versions: { live: number; target: number },
  from: Date,
): Promise<number> => {
  let copied = 0;
  for (const table of entry.tables) {
    const live = `${quoteIdentifier(pgSchemaOf(baseSchema, versions.live))}.${quoteIdentifier(table)}`;
    const target = `${quoteIdentifier(pgSchemaOf(baseSchema, versions.target))}.${quoteIdentifier(table)}`;
    const result = await pool.query(
      `insert into ${target} select * from ${live} where occurred_at < $1 on conflict do nothing`,
      [from],
    );
    copied += result.rowCount ?? 0;
  }
  return copied;
};
