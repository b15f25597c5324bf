import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  get,
  insecureTestSecurity,
  post,
  startCommandServices,
  testLogger,
  wait,
  type CommandServices,
} from '../support/command-services.ts';
import { startReadSide, type ReadSide } from '../support/read-side.ts';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { loadEndpoints } from '@orderflow/config';
import { startProjector } from '@orderflow/projector';
import { allReadModels } from '@orderflow/read-models';
import { isolatedReadSide } from '../support/isolated-read-side.ts';
import { sampleOf, scrape, sumOf } from '../support/scrape.ts';

let commands: CommandServices;
let readSide: ReadSide;
const endpoints = loadEndpoints();
const mongo = new MongoClient(endpoints.mongodbUrl);
const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 2 });
beforeAll(async () => {
  commands = await startCommandServices();
  readSide = await startReadSide();
});
afterAll(async () => {
  await readSide.close();
  await commands.close();
  await Promise.all([mongo.close(), pool.end()]);
});

const checkNames = (body: Record<string, unknown>) =>
  (body.checks as { name: string; status: string; durationMs: unknown }[]).map((check) => {
    expect(typeof check.durationMs).toBe('number');
    return `${check.name}:${check.status}`;
  });

describe('health of every process', () => {
  it('command services: live, and ready with Kafka and the registry checked', async () => {
    const live = await get(`${commands.orders}/healthz`);
    expect(live.body).toMatchObject({ service: 'orders-commands', status: 'ok' });
    expect(typeof live.body.version).toBe('string');
    const ready = await get(`${commands.orders}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ service: 'orders-commands', status: 'ready' });
    // Its dependencies, then what runs beside the HTTP API: each fails readiness once stopped.
    expect(checkNames(ready.body)).toEqual([
      'kafka:ok',
      'schema-registry:ok',
      'command-processor:ok',
      'policy:orders.on-inventory:ok',
      'policy:orders.on-payments:ok',
      'deadline-runner:ok',
    ]);
  });

  it('projector: ready with its dependencies, sinks and lag checked', async () => {
    expect((await get(`${readSide.projector}/healthz`)).body).toMatchObject({
      service: 'projector',
      status: 'ok',
    });
    const ready = await get(`${readSide.projector}/readyz`);
    const names = checkNames(ready.body);
    expect(names.slice(0, 4)).toEqual([
      'kafka:ok',
      'schema-registry:ok',
      'postgresql:ok',
      'mongodb:ok',
    ]);
    expect(names).toContain('sink:stock-levels:ok');
    expect(names.some((name) => name.startsWith('lag:stock-levels:'))).toBe(true);
    expect(ready.status).toBe(names.every((name) => name.endsWith(':ok')) ? 200 : 503);
  });

  it('query API: ready with the stores, Kafka and every projection lag checked', async () => {
    const ready = await get(`${readSide.queryApi}/readyz`);
    const names = checkNames(ready.body);
    expect(names.slice(0, 3)).toEqual(['mongodb:ok', 'postgresql:ok', 'kafka:ok']);
    expect(names.filter((name) => name.startsWith('lag:'))).toHaveLength(7);
    expect(ready.status).toBe(names.every((name) => name.endsWith(':ok')) ? 200 : 503);
  });
});

describe('metrics move when work happens', () => {
  it('counts HTTP answers by route pattern and status, and exposes the command metrics', async () => {
    const before = await scrape(commands.inventory);
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    const products = `${commands.inventory}/v1/inventory/products`;
    expect((await post(products, { sku, name: 'Kettle' }, wait)).status).toBe(201);
    expect((await post(products, { sku, name: 'Kettle again' }, wait)).status).toBe(422);
    const restock = `${products}/${sku}/restock`;
    expect((await post(restock, { quantity: 1 }, { ...wait, 'if-match': '"7"' })).status).toBe(409);
    const after = await scrape(commands.inventory);

    const delta = (series: string) => sampleOf(after, series) - sampleOf(before, series);
    // The HTTP series count this server's answers only: exact.
    expect(
      delta('http_requests_total{method="POST",route="/v1/inventory/products",status="201"}'),
    ).toBe(1);
    expect(
      delta('http_requests_total{method="POST",route="/v1/inventory/products",status="422"}'),
    ).toBe(1);
    expect(
      delta(
        'http_requests_total{method="POST",route="/v1/inventory/products/:sku/restock",status="409"}',
      ),
    ).toBe(1);
    expect(after).not.toContain(sku); // no raw path, no id, in any label
    // Which process decides a command depends on the consumer group's assignment (another
    // process of the same group may): processor counters are tested where only one process
    // can own the partitions (packages/kernel, packages/command-http). Here: they are exposed.
    expect(after).toContain('# TYPE orderflow_commands_accepted_total counter');
    expect(after).toContain('# TYPE orderflow_command_duration_seconds histogram');
    expect(after).toContain('# TYPE orderflow_deadline_firings_total counter');
  });

  it("the projector's events, lag and parked gauges move for its own projections", async () => {
    // An isolated copy of stock-levels (own group, starting at the topic's end): the live groups
    // are shared with every projector on the cluster, which may own the test's partition.
    const isolated = await isolatedReadSide(allReadModels.filter((m) => m.name === 'stock-levels'));
    const saved = { ...process.env };
    Object.assign(process.env, isolated.env);
    const projector = await startProjector({
      port: 0,
      projections: ['stock-levels'],
      logger: testLogger,
      security: insecureTestSecurity,
    });
    process.env = saved;
    const projection = `stock-levels.${isolated.env.READ_MODEL_NAMESPACE}`;
    const projected = (text: string) =>
      sumOf(text, 'orderflow_projection_events_total', { projection, topic: 'inventory.events' });
    try {
      expect(projected(await scrape(projector.url))).toBe(0);
      const sku = `sku-${randomUUID().slice(0, 8)}`;
      const registered = await post(
        `${commands.inventory}/v1/inventory/products`,
        { sku, name: 'Mug', initialStock: 1 },
        wait,
      );
      expect(registered.status).toBe(201);
      const deadline = Date.now() + 30_000;
      let after = await scrape(projector.url);
      while (projected(after) < 1 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        after = await scrape(projector.url);
      }
      expect(projected(after)).toBeGreaterThanOrEqual(1);
      expect(after).toMatch(
        new RegExp(
          `orderflow_projection_lag\\{projection="${projection}",topic="inventory.events",partition="\\d"\\} \\d+`,
        ),
      );
      expect(after).toContain(`orderflow_projection_breaker_open{projection="${projection}"} 0`);
      expect(after).toContain('# TYPE orderflow_parked_events gauge');
    } finally {
      await projector.close();
      const stores = { db: mongo.db(), pool };
      await isolated.drop(stores, ['stock_levels']);
    }
  });
});
