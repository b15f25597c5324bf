import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { inTransaction } from '../src/in-transaction.ts';
import { quoteIdentifier } from '../src/registry-schema.ts';

const table = quoteIdentifier(`in_transaction_${randomUUID().slice(0, 8)}`);
const pool = new pg.Pool({ connectionString: loadEndpoints().databaseUrl, max: 2 });
// A broken connection errors on the pool; without a listener that would crash the test process.
pool.on('error', () => undefined);

afterAll(async () => {
  await pool.query(`drop table if exists ${table}`);
  await pool.end();
});

const backendPid = async (client: pg.PoolClient) =>
  (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;

const backendGone = async (pid: number | undefined) => {
  for (;;) {
    const alive = await pool.query('select 1 from pg_stat_activity where pid = $1', [pid]);
    if (alive.rowCount === 0) break;
    await sleep(20);
  }
  // Let the client's socket read the server's goodbye.
  await sleep(100);
};

describe('inTransaction', () => {
  it('commits what the work wrote and rolls back what a failing work wrote', async () => {
    await pool.query(`create table if not exists ${table} (id text primary key)`);
    await inTransaction(pool, (client) => client.query(`insert into ${table} values ('kept')`));
    await expect(
      inTransaction(pool, async (client) => {
        await client.query(`insert into ${table} values ('rolled-back')`);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    const rows = await pool.query<{ id: string }>(`select id from ${table} order by id`);
    expect(rows.rows.map((row) => row.id)).toEqual(['kept']);
  });

  it('throws the work error and never hands a connection that died mid-work out again', async () => {
    let killedPid: number | undefined;
    await expect(
      inTransaction(pool, async (client) => {
        killedPid = await backendPid(client);
        // The server ends this very connection while it sits idle in the transaction: the
        // client emits 'error' with no query to fail (an unhandled 'error' would crash the test
        // process), and the rollback that follows cannot succeed. Waiting until the backend is
        // gone makes that ordering certain instead of a race.
        await pool.query('select pg_terminate_backend($1)', [killedPid]);
        await backendGone(killedPid);
        throw new Error('work failed on a dying connection');
      }),
    ).rejects.toThrow('work failed on a dying connection');
    // Every later transaction gets a live connection, never the dead one back from the pool.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const pid = await inTransaction(pool, backendPid);
      expect(pid).toBeDefined();
      expect(pid).not.toBe(killedPid);
    }
  });
});
