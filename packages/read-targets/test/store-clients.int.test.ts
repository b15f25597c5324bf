import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { createMongoClient, createPgPool, storeTimeouts } from '../src/store-clients.ts';

const endpoints = loadEndpoints();
const logger = pino({ level: 'silent' });
const pool = createPgPool(endpoints.databaseUrl, logger);
afterAll(() => pool.end());

describe("the read side's database clients", () => {
  it('survive PostgreSQL ending a connection between two statements of a transaction', async () => {
    // What a PostgreSQL restart does to a sink's transaction, without restarting the server.
    const client = await pool.connect();
    await client.query('begin');
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const admin = new pg.Client({ connectionString: endpoints.databaseUrl });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
    } finally {
      await admin.end();
    }
    await sleep(300); // the server's FATAL message arrives while no statement is running
    await expect(client.query('select 1')).rejects.toThrow();
    client.release();
    const { rows: after } = await pool.query<{ one: number }>('select 1 as one');
    expect(after).toEqual([{ one: 1 }]);
  });

  it('give up on an unreachable MongoDB within the bound, instead of the driver default 30 s', async () => {
    const mongo = createMongoClient('mongodb://127.0.0.1:1/unreachable');
    const started = Date.now();
    await expect(mongo.connect()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(storeTimeouts.connectMs + 3_000);
    await mongo.close();
  });
});
