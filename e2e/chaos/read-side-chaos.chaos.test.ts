import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { inventoryEventSchemas, paymentsEventSchemas } from '@orderflow/contracts';
import { accounts, eventHistory, stockLevels } from '@orderflow/read-models';
import { freshFold } from '../support/fold-topic.ts';
import { post, startCommandServices, type CommandServices } from '../support/command-services.ts';
import { bringBack, restart } from '../support/database-outage.ts';
import { isolatedReadSide } from '../support/isolated-read-side.ts';
import { spawnProjector, type ProjectorProcess } from '../support/projector-process.ts';

// Runs alone (its own vitest project, after the others): it stops the shared databases.
const endpoints = loadEndpoints();
let commands: CommandServices;
let projector: ProjectorProcess | undefined;
let readSide: Awaited<ReturnType<typeof isolatedReadSide>>;
const mongo = new MongoClient(endpoints.mongodbUrl, {
  serverSelectionTimeoutMS: 5_000,
  socketTimeoutMS: 20_000,
});
const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 2 });
pool.on('error', () => undefined); // the test restarts PostgreSQL on purpose

beforeAll(async () => {
  commands = await startCommandServices();
  await mongo.connect();
  readSide = await isolatedReadSide([stockLevels, accounts, eventHistory]);
});
afterAll(async () => {
  try {
    projector?.child.kill('SIGTERM');
    await projector?.exited;
    await commands.close();
    await readSide.drop({ db: mongo.db(), pool }, ['stock_levels']);
    await Promise.all([mongo.close(), pool.end()]);
  } finally {
    // Whatever failed above, the shared databases are left running and answering.
    await bringBack('postgres');
    await bringBack('ferretdb');
  }
});

/** What a failing run needs to be understood: where each partition stands, and the last logs. */
const diagnose = async (running: ProjectorProcess) => {
  const stats = await fetch(`${running.url}/v1/projections`)
    .then((response) => response.text())
    .catch((error: unknown) => `unreachable: ${String(error)}`);
  return `projector ${running.url}/v1/projections: ${stats}\nlast projector output:\n${running
    .recentOutput()
    .split('\n')
    .slice(-40)
    .map((line) => line.slice(0, 400))
    .join('\n')}`;
};

describe('the read side under crashes and database outages', () => {
  it('ends equal to a fresh fold of the topics: nothing lost, nothing duplicated', async () => {
    const projections = ['stock-levels', 'accounts', 'event-history'];
    projector = await spawnProjector(projections, readSide.env);
    const skus = Array.from({ length: 12 }, () => `chaos-${randomUUID().slice(0, 8)}`);
    const customers = Array.from({ length: 6 }, () => `chaos-${randomUUID().slice(0, 8)}`);
    await Promise.all(
      skus.map((sku) =>
        post(
          `${commands.inventory}/v1/inventory/products`,
          { sku, name: 'Chaos item', initialStock: 1 },
          { prefer: 'wait=10' },
        ),
      ),
    );
    await Promise.all(
      customers.map((customerId) =>
        post(
          `${commands.payments}/v1/payments/accounts`,
          { customerId, creditLimit: 100, currency: 'EUR' },
          { prefer: 'wait=10' },
        ),
      ),
    );

    const load = { running: true, sent: 0 };
    const writer = (async () => {
      while (load.running) {
        await Promise.all([
          ...skus.map((sku) =>
            post(`${commands.inventory}/v1/inventory/products/${sku}/restock`, { quantity: 1 }),
          ),
          ...customers.map((customerId) =>
            post(`${commands.payments}/v1/payments/accounts/${customerId}/credit`, { amount: 1 }),
          ),
        ]);
        load.sent += skus.length + customers.length;
        await sleep(50);
      }
    })();

    await sleep(2_000);
    projector.child.kill('SIGKILL'); // killed mid-batch
    await projector.exited;
    await sleep(500);
    projector = await spawnProjector(projections, readSide.env);
    await sleep(2_000);
    await restart('postgres', 3_000); // relational sinks, parking and progress go away
    await sleep(2_000);
    await restart('ferretdb', 3_000); // the document sink goes away
    await sleep(2_000);
    load.running = false;
    await writer;
    expect(load.sent).toBeGreaterThan(100);

    // Every command sent is decided within seconds; give the projector time to catch up.
    await sleep(3_000);
    const expectedStock = await freshFold(
      stockLevels,
      'inventory',
      inventoryEventSchemas,
      new Set(skus),
    );
    const expectedAccounts = await freshFold(
      accounts,
      'payments',
      paymentsEventSchemas,
      new Set(customers),
    );
    const stockDocs = async () =>
      mongo
        .db()
        .collection<{ _id: string; version: number; view: unknown }>(
          readSide.collection('stock_levels'),
        )
        .find({ _id: { $in: skus } })
        .toArray();
    const accountRows = async () =>
      (
        await pool.query<{ id: string; version: number; view: unknown }>(
          `select id, version, view from "${readSide.schema}".accounts where id = any($1)`,
          [customers],
        )
      ).rows;
    const historyCounts = async () =>
      Object.fromEntries(
        (
          await pool.query<{ aggregate_id: string; n: number }>(
            `select aggregate_id, count(*)::int as n from "${readSide.schema}".event_history where context = 'inventory' and aggregate_id = any($1) group by aggregate_id`,
            [skus],
          )
        ).rows.map((h) => [h.aggregate_id, h.n]),
      );
    const expectedHistory = Object.fromEntries(
      skus.map((sku) => [sku, expectedStock.get(sku)?.events]),
    );
    const caughtUp = async () => {
      const docs = await stockDocs();
      const rows = await accountRows();
      const history = await historyCounts();
      return (
        docs.every((d) => d.version === expectedStock.get(d._id)?.version) &&
        docs.length === skus.length &&
        rows.every((r) => r.version === expectedAccounts.get(r.id)?.version) &&
        rows.length === customers.length &&
        skus.every((sku) => history[sku] === expectedHistory[sku])
      );
    };
    let settled = false;
    // A projector that died (rather than fell behind) fails the test at once, with its logs.
    for (let i = 0; i < 600 && !settled && projector.child.exitCode === null; i++) {
      settled = await caughtUp().catch(() => false);
      if (!settled) await sleep(200);
    }
    if (!settled) console.error(await diagnose(projector));

    const docs = await stockDocs();
    expect(docs.map((d) => [d._id, d.version, d.view]).sort()).toEqual(
      skus
        .map((sku) => [sku, expectedStock.get(sku)?.version, expectedStock.get(sku)?.view])
        .sort(),
    );
    const rows = await accountRows();
    expect(rows.map((r) => [r.id, r.version, r.view]).sort()).toEqual(
      customers
        .map((c) => [c, expectedAccounts.get(c)?.version, expectedAccounts.get(c)?.view])
        .sort(),
    );
    expect(await historyCounts()).toEqual(expectedHistory);
  }, 240_000);
});
