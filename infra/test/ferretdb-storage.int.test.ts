import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { loadEndpoints } from '@orderflow/config';
import { uniqueName } from '@orderflow/testing';
import { ferretdbDatabase, withDatabase } from '../src/components/postgres.ts';

// Run against the stack `infra` started, which tunes FerretDB's storage before starting it.
const endpoints = loadEndpoints();
const mongo = new MongoClient(endpoints.mongodbUrl, { serverSelectionTimeoutMS: 10_000 });
const storage = new pg.Pool({
  connectionString: withDatabase(endpoints.databaseUrl, ferretdbDatabase),
  max: 2,
});
const embedded =
  !endpoints.overridden.has('MONGODB_URL') && !endpoints.overridden.has('DATABASE_URL');

beforeAll(() => mongo.connect());
afterAll(async () => {
  await mongo.close();
  await storage.end();
});

/** The PostgreSQL table FerretDB keeps a collection in, from its own metadata. */
const tableOf = async (database: string, collection: string) => {
  const { rows } = await storage.query<{ table: string }>(
    `select _jsonb->>'table' as table from ${pg.escapeIdentifier(database)}._ferretdb_database_metadata where _jsonb->>'_id' = $1`,
    [collection],
  );
  return `${pg.escapeIdentifier(database)}.${pg.escapeIdentifier(rows[0]?.table ?? '')}`;
};

describe.runIf(embedded)("FerretDB's PostgreSQL storage, as infra tunes it", () => {
  it('serves a lookup by _id from an index, for a collection created after the tuning', async () => {
    const name = uniqueName('lookup');
    const collection = mongo.db().collection<{ _id: string; n: number }>(name);
    await collection.insertMany(
      Array.from({ length: 500 }, (_, n) => ({ _id: `id-${String(n)}`, n })),
    );
    expect(await collection.findOne({ _id: 'id-250' })).toEqual({ _id: 'id-250', n: 250 });

    const table = await tableOf(mongo.db().databaseName, name);
    // The statement FerretDB 1.24 sends for `{ _id: 'id-250' }`, with its parameter bound.
    const client = await storage.connect();
    try {
      const { rows: mode } = await client.query<{ plan_cache_mode: string }>(
        'show plan_cache_mode',
      );
      expect(mode[0]?.plan_cache_mode).toBe('force_custom_plan');
      await client.query('set enable_seqscan = on');
      const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(
        `explain (format json) select _jsonb from ${table} where _jsonb -> $1 @> $2`,
        ['_id', '"id-250"'],
      );
      expect(JSON.stringify(rows[0]?.['QUERY PLAN'])).toContain('Bitmap Index Scan');
    } finally {
      client.release();
    }
    await collection.drop();
  });
});
