import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import type { AppendOnlyReadModel } from '@orderflow/projections';
import { quoteIdentifier } from '@orderflow/read-targets';

/** Per key (aggregate id, or a table's natural key), a checksum of what is stored for it. */
export type Checksums = Map<string, string>;

/** JSON with sorted keys: equal values give equal text whatever order a store returns. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
};

export const mongoChecksums = async (db: Db, collection: string): Promise<Checksums> => {
  const documents = await db
    .collection<{ _id: string; version: number; view: unknown }>(collection)
    .find({}, { projection: { _id: 1, version: 1, view: 1 } })
    .toArray();
  return new Map(
    documents.map((d) => [
      d._id,
      createHash('sha256')
        .update(canonical({ version: d.version, view: d.view }))
        .digest('hex'),
    ]),
  );
};

/** jsonb's text form is canonical already, so PostgreSQL computes the checksums itself. */
export const keyedTableChecksums = async (
  pool: Pool,
  schema: string,
  table: string,
): Promise<Checksums> => {
  const { rows } = await pool.query<{ key: string; checksum: string }>(
    `select id as key, md5(version::text || ':' || view::text) as checksum
       from ${quoteIdentifier(schema)}.${quoteIdentifier(table)}`,
  );
  return new Map(rows.map((row) => [row.key, row.checksum]));
};

export const appendOnlyChecksums = async (
  pool: Pool,
  schema: string,
  model: AppendOnlyReadModel,
): Promise<Checksums> => {
  const checksums: Checksums = new Map();
  for (const [table, naturalKey] of Object.entries(model.naturalKeys)) {
    const key = naturalKey.map((column) => `${quoteIdentifier(column)}::text`).join(`, `);
    const { rows } = await pool.query<{ key: string; checksum: string }>(
      `select concat_ws('|', ${key}) as key, md5(row_to_json(t)::text) as checksum
         from ${quoteIdentifier(schema)}.${quoteIdentifier(table)} t`,
    );
    for (const row of rows) checksums.set(`${table}:${row.key}`, row.checksum);
  }
  return checksums;
};

export interface Difference {
  readonly key: string;
  readonly kind: 'missing' | 'extra' | 'different';
}

/** What the target has wrong compared with the fold: missing, extra and different keys. */
export const differencesOf = (target: Checksums, fold: Checksums): Difference[] => {
  const differences: Difference[] = [];
  for (const [key, checksum] of fold) {
    const stored = target.get(key);
    if (stored === undefined) differences.push({ key, kind: 'missing' });
    else if (stored !== checksum) differences.push({ key, kind: 'different' });
  }
  for (const key of target.keys()) if (!fold.has(key)) differences.push({ key, kind: 'extra' });
  return differences;
};
