import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { paymentsEventSchemas } from '@orderflow/contracts';
import { startProjector, type RunningProjector } from '@orderflow/projector';
import { createQueryApp } from '@orderflow/query-api';
import { accounts } from '@orderflow/read-models';
import { LiveTargets, quoteIdentifier } from '@orderflow/read-targets';
import {
  post,
  startCommandServices,
  insecureTestSecurity,
  testLogger,
  type CommandServices,
} from '../support/command-services.ts';
import { freshFold } from '../support/fold-topic.ts';
import { runReplayCli as runCli } from '../support/replay-cli.ts';

// Read models of this test alone: a registry schema and a MongoDB database of its own, so the
// switch it makes is seen by its own projector and query API only.
const nonce = randomUUID().slice(0, 8);
const schema = `replay_e2e_${nonce}`;
const endpoints = loadEndpoints();
const mongoUrl = new URL(endpoints.mongodbUrl);
mongoUrl.pathname = `/replay_e2e_${nonce}`;
process.env.READ_MODEL_SCHEMA = schema;
process.env.MONGODB_URL = mongoUrl.toString();
const cliEnv = { READ_MODEL_SCHEMA: schema, MONGODB_URL: mongoUrl.toString() };

let commands: CommandServices;
let projector: RunningProjector;
let server: Server;
let queryApi = '';
const mongo = new MongoClient(mongoUrl.toString());
const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 4 });
const targets = new LiveTargets({ pool, schema, listen: true });

beforeAll(async () => {
  commands = await startCommandServices();
  // The route reads accounts (rebuilt here) and account-ledger (left at version 1).
  projector = await startProjector({
    port: 0,
    logger: testLogger,
    projections: ['accounts', 'account-ledger'],
    security: insecureTestSecurity,
  });
  await mongo.connect();
  const app = createQueryApp({
    mongo: mongo.db(),
    pg: pool,
    logger: testLogger,
    targets,
    security: insecureTestSecurity,
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  const address = server.address();
  queryApi = `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}`;
});

afterAll(async () => {
  const step = (name: string) => {
    console.error('replay e2e teardown:', name, new Date().toISOString());
  };
  server.close();
  step('projector');
  await projector.close();
  step('commands');
  await commands.close();
  step('targets');
  await targets.close();
  step('mongo');
  await mongo.close();
  step('schemas');
  for (const suffix of ['', '_v2'])
    await pool.query(`drop schema if exists ${quoteIdentifier(schema + suffix)} cascade`);
  await pool.end();
});

const openAccount = async (customerId: string) => {
  const opened = await post(`${commands.payments}/v1/payments/accounts`, {
    customerId,
    creditLimit: 1_000,
    currency: 'EUR',
  });
  if (opened.status !== 202)
    throw new Error(
      `opening ${customerId}: ${String(opened.status)} ${JSON.stringify(opened.body)}`,
    );
  const granted = await post(`${commands.payments}/v1/payments/accounts/${customerId}/credit`, {
    amount: 500,
  });
  if (granted.status !== 202)
    throw new Error(
      `granting ${customerId}: ${String(granted.status)} ${JSON.stringify(granted.body)}`,
    );
};

describe('orderflow replay rebuild, while commands keep flowing', () => {
  it(
    'switches the query API and the projector to a new target that equals the fold, losing no write and no read',
    { timeout: 300_000 },
    async () => {
      const placed: string[] = []; // customer ids whose account was opened
      const visible = new Set<string>();
      const failures: string[] = [];
      let polls = 0;
      const traffic = { running: true };

      const writer = (async () => {
        while (traffic.running) {
          const customerId = `cust-${nonce}-${String(placed.length)}`;
          await openAccount(customerId);
          placed.push(customerId);
          await sleep(150);
        }
      })();
      // Once an account has been seen, every later read must see it: a switch to an incomplete
      // target, or an error while switching, would show here.
      let cursor = 0;
      const reader = (async () => {
        while (traffic.running) {
          // Round-robin over every account opened so far, 20 reads per round.
          const round = Array.from(
            { length: Math.min(20, placed.length) },
            () => placed[cursor++ % placed.length] ?? '',
          );
          for (const customerId of round) {
            polls += 1;
            const response = await fetch(`${queryApi}/v1/payments/accounts/${customerId}`).catch(
              (error: unknown) => error,
            );
            if (!(response instanceof Response))
              failures.push(`${customerId}: ${String(response)}`);
            else if (response.status === 200) visible.add(customerId);
            else if (response.status !== 404 || visible.has(customerId))
              failures.push(`${customerId}: ${String(response.status)}`);
            if (response instanceof Response) await response.body?.cancel();
          }
          await sleep(20);
        }
      })();

      const firstSeen = Date.now() + 120_000; // version 1 is folded from scratch first
      while (visible.size < 5 && Date.now() < firstSeen) await sleep(100);
      expect(visible.size, `placed ${String(placed.length)}`).toBeGreaterThanOrEqual(5);
      if (process.env.DEBUG_CHILDREN)
        console.error('visible', visible.size, 'placed', placed.length);
      const rebuild = await runCli(
        ['replay', 'rebuild', 'accounts', '--yes', '--handover-ms', '3000'],
        cliEnv,
      );
      expect(rebuild.code, rebuild.stdout + rebuild.stderr).toBe(0);
      expect(rebuild.stdout).toContain('no differences');
      expect(rebuild.stdout).toContain('live now');
      const atSwitch = placed.length;
      while (placed.length < atSwitch + 10) await sleep(100);
      traffic.running = false;
      await Promise.all([writer, reader]);

      // Accounts opened after the switch show up too: the projector moved into the new target.
      const deadline = Date.now() + 60_000;
      const v2 = `${quoteIdentifier(`${schema}_v2`)}.accounts`;
      const missing = async () => {
        const { rows } = await pool.query(`select id from ${v2} where id = any($1)`, [placed]);
        return placed.length - rows.length;
      };
      while ((await missing()) > 0 && Date.now() < deadline) await sleep(250);
      expect(await missing()).toBe(0);
      expect(projector.runners().map((runner) => runner.groupId)).toContainEqual(
        expect.stringMatching(new RegExp(`^projection\\.${schema}\\.accounts\\.v2\\.`)),
      );
      expect(failures).toEqual([]);
      expect(polls).toBeGreaterThan(100);
      // The newest accounts are read from version 2 alone: version 1 stopped with the switch.
      const newest = placed.slice(-3);
      for (const customerId of newest) {
        const answer = await fetch(`${queryApi}/v1/payments/accounts/${customerId}`);
        expect(answer.status).toBe(200);
      }
      const { rows: inV1 } = await pool.query(
        `select id from ${quoteIdentifier(schema)}.accounts where id = any($1)`,
        [newest],
      );
      expect(inV1).toEqual([]);

      // The new target equals a fresh fold of the topic for every order of the test.
      await sleep(2_000); // let the sagas' last events land
      const expected = await freshFold(accounts, 'payments', paymentsEventSchemas, new Set(placed));
      const { rows: stored } = await pool.query<{ id: string; version: number; view: unknown }>(
        `select id, version, view from ${v2} where id = any($1)`,
        [placed],
      );
      expect(stored).toHaveLength(placed.length);
      for (const row of stored) {
        const truth = expected.get(row.id);
        expect({ id: row.id, version: row.version, view: row.view }).toEqual({
          id: row.id,
          version: truth?.version,
          view: JSON.parse(JSON.stringify(truth?.view)) as unknown,
        });
      }
      const verify = await runCli(['replay', 'verify', 'accounts'], cliEnv);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(verify.stdout).toContain('verify accounts v2');
    },
  );
});
