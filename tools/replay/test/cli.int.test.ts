import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { quoteIdentifier, TargetRegistry } from '@orderflow/read-targets';
import { removeKafkaNamespace, uniqueKafkaNamespace } from '@orderflow/testing';
import { catalog } from '../src/catalog.ts';
import { runCli, startCli } from './support/run-cli.ts';
import { paymentAmount, seedNamespace } from './support/seed-namespace.ts';

// The real catalog, in a registry schema and a MongoDB database of this run's own, rebuilding
// from topics in a Kafka namespace of its own that beforeAll creates and fills: never from the
// live topics, which a fresh cluster does not have and whose content no test controls.
const nonce = randomUUID().slice(0, 8);
const schema = `replay_cli_${nonce}`;
const kafkaNamespace = uniqueKafkaNamespace('replay-cli');
const endpoints = loadEndpoints();
const mongoUrl = new URL(endpoints.mongodbUrl);
mongoUrl.pathname = `/replay_cli_${nonce}`;
const env = {
  READ_MODEL_SCHEMA: schema,
  MONGODB_URL: mongoUrl.toString(),
  REPLAY_CONNECT_TIMEOUT_MS: '2000',
  ORDERFLOW_KAFKA_NAMESPACE: kafkaNamespace,
};
const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 2 });
const registry = new TargetRegistry(pool, schema);
// Enough events that a rebuild at --max-rate 2000 folds for seconds: it is killed mid-way.
const history = { accounts: 200, paymentsPerAccount: 19 };
let seeded = 0;

beforeAll(async () => {
  seeded = await seedNamespace(env, history);
});

afterAll(async () => {
  await removeKafkaNamespace(kafkaNamespace);
  for (const suffix of ['', '_v2'])
    await pool.query(`drop schema if exists ${quoteIdentifier(schema + suffix)} cascade`);
  const mongo = new MongoClient(mongoUrl.toString());
  await mongo.connect();
  await mongo.db().dropDatabase();
  await mongo.close();
  await pool.end();
});

describe('orderflow replay (the bin)', () => {
  it('names the known projections when asked for an unknown one', async () => {
    const run = await runCli(['replay', 'rebuild', 'nope', '--yes'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown projection "nope"');
    expect(run.stderr).toContain('order-details, order-summaries, stock-levels, accounts');
  });

  it.each([
    [
      'PostgreSQL',
      { DATABASE_URL: 'postgres://orderflow:secret@127.0.0.1:1/orderflow' },
      'PostgreSQL at postgres://orderflow:***@127.0.0.1:1/orderflow',
    ],
    [
      'MongoDB',
      { MONGODB_URL: 'mongodb://127.0.0.1:1/nowhere' },
      'MongoDB at mongodb://127.0.0.1:1/nowhere',
    ],
    ['Kafka', { KAFKA_BROKERS: '127.0.0.1:1' }, 'Kafka at 127.0.0.1:1'],
  ])(
    'says %s is unreachable, with its URL, within the timeout',
    async (_store, broken, message) => {
      const run = await runCli(['replay', 'list'], { ...env, ...broken });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toContain('secret');
      expect(run.ms).toBeLessThan(20_000);
    },
  );

  it('refuses a rebuild while another run holds the lock', async () => {
    await registry.prepare();
    await registry.acquireLock('sales-lines', 'ops-host:4242:abcd', 60_000);
    const run = await runCli(['replay', 'rebuild', 'sales-lines', '--yes'], env);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(
      'a rebuild of sales-lines is already running (owner ops-host:4242:abcd',
    );
    await registry.releaseLock('sales-lines', 'ops-host:4242:abcd');
  });

  it('refuses to drop the live version, and a keyed projection from a timestamp', async () => {
    const drop = await runCli(['replay', 'drop', 'order-details', '1', '--yes'], env);
    expect(drop.code).toBe(2);
    expect(drop.stderr).toContain('version 1 is the live version of order-details');
    const from = await runCli(
      ['replay', 'rebuild', 'stock-levels', '--from', '2026-01-01T00:00:00Z', '--yes'],
      env,
    );
    expect(from.code).toBe(2);
    expect(from.stderr).toContain('stock-levels is a keyed projection');
  });

  it('says what it would do on --dry-run and asks for --yes without a terminal, changing nothing', async () => {
    const dry = await runCli(['replay', 'rebuild', 'sales-lines', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`build           version 2: postgresql ${schema}_v2.sales_lines`);
    expect(dry.stdout).toContain(
      `records up to the current end of ${kafkaNamespace}.orders.events`,
    );
    expect(dry.stdout).toContain('dry run: nothing was changed');
    const unconfirmed = await runCli(['replay', 'rebuild', 'sales-lines'], env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --yes');
    expect(await registry.versionsOf('sales-lines')).toEqual([]);
  });

  it('lists every projection, nothing behind, where no context has created its topics yet, and refuses to verify or rebuild there', async () => {
    // A namespace nothing is ever created in: a fresh cluster, before any command service ran.
    const fresh = { ...env, ORDERFLOW_KAFKA_NAMESPACE: uniqueKafkaNamespace('replay-cli-fresh') };
    const list = await runCli(['replay', 'list', '--json'], fresh);
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as { projection: string; lag: number }[];
    expect(rows.map((row) => [row.projection, row.lag])).toEqual(
      [...catalog.keys()].map((name) => [name, 0]),
    );
    // Rebuild and verify name the missing topics instead of a KafkaJS stack trace.
    const fresher = `${fresh.ORDERFLOW_KAFKA_NAMESPACE}.payments.events`;
    const verify = await runCli(['replay', 'verify', 'accounts'], fresh);
    expect(verify.code, verify.stderr).toBe(2);
    expect(verify.stderr).toContain(
      `the source topics ${fresher} do not exist: nothing to verify against`,
    );
    expect(verify.stderr).not.toContain('    at ');
    const rebuild = await runCli(['replay', 'rebuild', 'accounts', '--yes'], fresh);
    expect(rebuild.code, rebuild.stderr).toBe(2);
    expect(rebuild.stderr).toContain(`the source topics ${fresher} do not exist`);
  });

  it('resumes a rebuild killed with SIGKILL from its checkpoint, and the result verifies', async () => {
    const progress = `${quoteIdentifier(`${schema}_v2`)}.projection_progress`;
    const folded = async () => {
      try {
        const { rows } = await pool.query<{ total: string }>(
          `select coalesce(sum(next_offset), 0)::text as total from ${progress}`,
        );
        return Number(rows[0]?.total ?? 0);
      } catch (error) {
        if (process.env.DEBUG_REPLAY) console.log(error);
        return 0; // not created yet
      }
    };
    const first = startCli(['replay', 'rebuild', 'accounts', '--yes', '--max-rate', '2000'], env);
    const deadline = Date.now() + 60_000;
    while ((await folded()) === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal, killed.stdout + killed.stderr).toBe('SIGKILL');
    const atKill = await folded();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(seeded); // killed mid-way, not after the fold was done
    expect((await registry.versionsOf('accounts'))[0]).toMatchObject({
      version: 2,
      state: 'building',
    });

    // The killed run's lock goes stale after a second; the next run takes it over and resumes.
    await new Promise((r) => setTimeout(r, 1_200));
    const second = await runCli(
      ['replay', 'rebuild', 'accounts', '--yes', '--handover-ms', '200'],
      {
        ...env,
        REPLAY_LOCK_STALE_MS: '1000',
      },
    );
    expect(second.stderr).toContain('resuming version 2 from its checkpoint');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('rebuilt accounts v2');
    expect(second.stdout).toContain('no differences');
    const verify = await runCli(['replay', 'verify', 'accounts'], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('verify accounts v2');
    const list = await runCli(['replay', 'list', '--json'], env);
    const rows = JSON.parse(list.stdout) as { projection: string; liveVersion: number }[];
    expect(rows.find((r) => r.projection === 'accounts')?.liveVersion).toBe(2);
    // Version 2 is the fold of exactly the seeded history: every account, every payment once.
    const { rows: built } = await pool.query<{ accounts: string; used: string }>(
      `select count(*)::text as accounts, coalesce(sum((view->>'used')::bigint), 0)::text as used
         from ${quoteIdentifier(`${schema}_v2`)}.accounts`,
    );
    expect(built[0]).toEqual({
      accounts: String(history.accounts),
      used: String(history.accounts * history.paymentsPerAccount * paymentAmount),
    });
  });
});
