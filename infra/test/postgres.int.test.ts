import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadEndpoints } from '@orderflow/config';
import { uniqueName } from '@orderflow/testing';

const pool = new pg.Pool({ connectionString: loadEndpoints().databaseUrl, max: 4 });
const table = uniqueName('smoke').replace('-', '_');

beforeAll(async () => {
  await pool.query(
    `create table ${table} (id text primary key, version int not null, body jsonb not null)`,
  );
});

afterAll(async () => {
  await pool.query(`drop table if exists ${table}`);
  await pool.end();
});

describe('pg against the embedded PostgreSQL', () => {
  it('runs PostgreSQL 15', async () => {
    const { rows } = await pool.query<{ server_version_num: string }>('show server_version_num');
    expect(Number(rows[0]?.server_version_num)).toBeGreaterThanOrEqual(150000);
  });

  it('applies a version-guarded upsert once and ignores a stale replay', async () => {
    const upsert = `insert into ${table} (id, version, body) values ($1, $2, $3)
      on conflict (id) do update set version = excluded.version, body = excluded.body
      where ${table}.version < excluded.version`;
    await pool.query(upsert, ['a', 1, { n: 1 }]);
    await pool.query(upsert, ['a', 2, { n: 2 }]);
    const stale = await pool.query(upsert, ['a', 1, { n: 1 }]);
    const { rows } = await pool.query(`select version, body from ${table} where id = 'a'`);
    expect(stale.rowCount).toBe(0);
    expect(rows).toEqual([{ version: 2, body: { n: 2 } }]);
  });

  it('rolls a failed transaction back entirely', async () => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(`insert into ${table} values ('b', 1, '{}')`);
      await expect(
        client.query(`insert into ${table} values ('b', 1, '{}')`),
      ).rejects.toMatchObject({ code: '23505' });
      await client.query('rollback');
    } finally {
      client.release();
    }
    const { rowCount } = await pool.query(`select 1 from ${table} where id = 'b'`);
    expect(rowCount).toBe(0);
  });
});
