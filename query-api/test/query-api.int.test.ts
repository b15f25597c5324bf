import { randomInt } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { createQueryApp } from '../src/app.ts';
import { encodeConsistencyToken } from '../src/consistency/consistency-token.ts';
import { mongoDatabaseName } from '../src/settings.ts';
import { getJson, insecureSecurity, listen, type Listening } from './support/listen.ts';
import {
  ensureReadModelTables,
  writeMongoProgress,
  writePostgresProgress,
} from './support/read-model-fixtures.ts';
import {
  keyed,
  mongoDocuments,
  newScenario,
  orderDetails,
  removeMongoDocuments,
  removePostgresRows,
  seedPostgres,
} from './support/seed-read-models.ts';

// Real FerretDB and PostgreSQL, shared with the projectors: every id is this run's own, and
// progress rows use partitions far beyond any real topic's, so no projector ever reads them.
const scenario = newScenario();
const { run, orderId, customerId, sku, summaries, firstDay, secondDay } = scenario;
const freshPartition = () => 500_000 + randomInt(400_000);
const token = (topic: string, partition: number, offset: bigint) =>
  encodeConsistencyToken({ topic, positions: [{ partition, offset }] });

const endpoints = loadEndpoints();
const mongoClient = new MongoClient(endpoints.mongodbUrl);
const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 4 });
let db: Db;
let api: Listening;
let impatientApi: Listening;
const mongoIds: Record<string, string[]> = { projection_progress: [] };
const pgPartitions: number[] = [];

const insertMongo = async (collection: string, documents: { _id: string }[]) => {
  await db.collection<{ _id: string }>(collection).insertMany(documents);
  (mongoIds[collection] ??= []).push(...documents.map((doc) => doc._id));
};

beforeAll(async () => {
  await mongoClient.connect();
  db = mongoClient.db(mongoDatabaseName(endpoints.mongodbUrl));
  await ensureReadModelTables(pool);
  for (const [collection, documents] of Object.entries(mongoDocuments(scenario))) {
    await insertMongo(collection, documents);
  }
  await seedPostgres(pool, scenario);
  const logger = pino({ level: 'silent' });
  api = await listen(createQueryApp({ mongo: db, pg: pool, logger, security: insecureSecurity }));
  impatientApi = await listen(
    createQueryApp({
      mongo: db,
      pg: pool,
      logger,
      consistencyTimeoutMs: 300,
      security: insecureSecurity,
    }),
  );
});

afterAll(async () => {
  await Promise.all([api.close(), impatientApi.close()]);
  await removeMongoDocuments(db, mongoIds);
  await removePostgresRows(pool, scenario, pgPartitions);
  await Promise.all([mongoClient.close(), pool.end()]);
});

describe('GET /v1/orders/:orderId', () => {
  it('answers the order details with its version as ETag', async () => {
    const answer = await getJson(`${api.url}/v1/orders/${orderId}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe('"3"');
    expect(answer.body).toMatchObject({ orderId, customerId, status: 'Confirmed', version: 3 });
    expect(answer.body.timeline).toEqual([{ step: 'OrderPlaced', at: '2025-06-01T10:00:00.000Z' }]);
  });

  it('answers 304 to a client holding the same version', async () => {
    const response = await fetch(`${api.url}/v1/orders/${orderId}`, {
      headers: { 'If-None-Match': '"3"' },
    });
    expect(response.status).toBe(304);
  });

  it('answers 404 ORDER_NOT_FOUND for an unknown order', async () => {
    const answer = await getJson(`${api.url}/v1/orders/${orderId}-missing`);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body.code).toBe('ORDER_NOT_FOUND');
  });
});

describe('GET /v1/orders', () => {
  const page = (query: string) => getJson(`${api.url}/v1/orders?customerId=${customerId}${query}`);

  it('pages through every order, newest first, ties by id', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer = await page(`&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      const items = answer.body.items as { orderId: string }[];
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items.map((item) => item.orderId));
      cursor = answer.body.nextCursor as string | null;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(summaries.map((s) => s.id));
  });

  it('filters by status', async () => {
    const answer = await page('&status=Confirmed');
    expect((answer.body.items as { orderId: string }[]).map((i) => i.orderId)).toEqual([
      `${orderId}-a`,
      `${orderId}-b`,
      `${orderId}-e`,
    ]);
    expect(answer.body.nextCursor).toBeNull();
  });

  it('answers an empty page for a customer without orders', async () => {
    const answer = await getJson(`${api.url}/v1/orders?customerId=${customerId}-none`);
    expect(answer.body).toEqual({ items: [], nextCursor: null });
  });

  it('requires customerId', async () => {
    const answer = await getJson(`${api.url}/v1/orders?limit=5`);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
    expect(answer.body.detail).toMatch(/query\.customerId/);
  });
});

describe('GET /v1/inventory/:sku', () => {
  it('answers total, reserved and available', async () => {
    const answer = await getJson(`${api.url}/v1/inventory/${sku}`);
    expect(answer.body).toEqual({
      sku,
      name: 'Teapot',
      total: 10,
      reserved: 3,
      available: 7,
      version: 4,
    });
  });

  it('answers 404 PRODUCT_NOT_FOUND for an unknown SKU', async () => {
    const answer = await getJson(`${api.url}/v1/inventory/${sku}-missing`);
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('PRODUCT_NOT_FOUND');
  });
});

describe('GET /v1/payments/accounts/:customerId', () => {
  it('answers the account with its ledger in version order', async () => {
    const answer = await getJson(`${api.url}/v1/payments/accounts/${customerId}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      customerId,
      creditLimit: 1000,
      used: 300,
      available: 700,
      version: 3,
    });
    expect(answer.body.ledgerTruncated).toBe(false);
    expect(answer.body.ledger).toEqual([
      {
        version: 1,
        entry: 'AccountOpened',
        orderId: null,
        amount: 1000,
        availableAfter: 1000,
        occurredAt: '2025-06-01T10:01:00.000Z',
      },
      {
        version: 2,
        entry: 'PaymentAuthorized',
        orderId,
        amount: 300,
        availableAfter: 700,
        occurredAt: '2025-06-01T10:02:00.000Z',
      },
      {
        version: 3,
        entry: 'PaymentDeclined',
        orderId: `${orderId}-x`,
        amount: 5000,
        availableAfter: null,
        occurredAt: '2025-06-01T10:03:00.000Z',
      },
    ]);
  });

  it('keeps the newest entries when the ledger is longer than ledgerLimit', async () => {
    const answer = await getJson(`${api.url}/v1/payments/accounts/${customerId}?ledgerLimit=2`);
    expect((answer.body.ledger as { version: number }[]).map((e) => e.version)).toEqual([2, 3]);
    expect(answer.body.ledgerTruncated).toBe(true);
  });

  it('answers 404 ACCOUNT_NOT_FOUND for an unknown customer', async () => {
    const answer = await getJson(`${api.url}/v1/payments/accounts/${customerId}-missing`);
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('ACCOUNT_NOT_FOUND');
  });
});

describe('GET /v1/reports/sales/daily', () => {
  it('sums revenue net of cancellations per day and currency', async () => {
    const answer = await getJson(
      `${api.url}/v1/reports/sales/daily?from=${firstDay}&to=${secondDay}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.rows).toEqual([
      { day: firstDay, currency: 'XTS', revenue: 1500, orders: 2, cancellations: 0 },
      { day: firstDay, currency: 'XXX', revenue: 70, orders: 1, cancellations: 0 },
      { day: secondDay, currency: 'XTS', revenue: -250, orders: 1, cancellations: 1 },
    ]);
  });

  it('refuses an invalid range', async () => {
    const answer = await getJson(
      `${api.url}/v1/reports/sales/daily?from=${secondDay}&to=${firstDay}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /v1/streams/:context/:aggregateId/events', () => {
  const events = (query = '') => getJson(`${api.url}/v1/streams/orders/${orderId}/events${query}`);

  it('answers the events in version order with their positions', async () => {
    const answer = await events();
    const list = answer.body.events as { version: number; type: string; position: object }[];
    expect(list.map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    expect(list[0]).toMatchObject({
      type: 'Step1',
      data: { orderId, step: 1 },
      occurredAt: '2025-06-01T10:00:01.000Z',
      correlationId: `corr-${run}`,
      commandId: `cmd-${run}-1`,
      position: { topic: 'orders.events', partition: 1, offset: '41' },
    });
    expect(answer.body.nextFromVersion).toBeNull();
  });

  it('pages with fromVersion and limit', async () => {
    const first = await events('?limit=2&fromVersion=2');
    expect((first.body.events as { version: number }[]).map((e) => e.version)).toEqual([2, 3]);
    expect(first.body.nextFromVersion).toBe(4);
    const past = await events('?fromVersion=6');
    expect(past.body).toMatchObject({ events: [], nextFromVersion: null });
  });

  it('refuses an unknown context and answers 404 for an unknown aggregate', async () => {
    expect((await getJson(`${api.url}/v1/streams/shipping/${orderId}/events`)).status).toBe(400);
    const missing = await getJson(`${api.url}/v1/streams/payments/${orderId}/events`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('STREAM_NOT_FOUND');
  });
});

describe('read-your-writes with X-Consistency-Token', () => {
  it('waits until the projection has passed the token, then answers the new state', async () => {
    const partition = freshPartition();
    const id = `${orderId}-ryw`;
    await insertMongo('order_details', [keyed(id, 1, orderDetails(scenario, id, 'Placed'))]);
    const progress = { projection: 'order-details', topic: 'orders.events', partition };
    mongoIds.projection_progress?.push(
      await writeMongoProgress(db, { ...progress, nextOffset: 41n }),
    );
    // The projector's order: the view first, then its progress.
    setTimeout(() => {
      void (async () => {
        await db
          .collection<{ _id: string }>('order_details')
          .updateOne({ _id: id }, { $set: { version: 2, 'view.status': 'Confirmed' } });
        await writeMongoProgress(db, { ...progress, nextOffset: 42n });
      })();
    }, 300);
    const started = Date.now();
    const answer = await getJson(`${api.url}/v1/orders/${id}`, {
      'X-Consistency-Token': token('orders.events', partition, 41n),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'Confirmed', version: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('answers 503 CONSISTENCY_TIMEOUT with Retry-After when the projection stays behind', async () => {
    const partition = freshPartition();
    const started = Date.now();
    const answer = await getJson(`${impatientApi.url}/v1/inventory/${sku}`, {
      'X-Consistency-Token': token('inventory.events', partition, 5n),
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.body).toMatchObject({
      code: 'CONSISTENCY_TIMEOUT',
      projections: ['stock-levels'],
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('waits for both PostgreSQL projections behind an account', async () => {
    const partition = freshPartition();
    pgPartitions.push(partition);
    const accountToken = token('payments.events', partition, 7n);
    const position = { topic: 'payments.events', partition, nextOffset: 8n };
    await writePostgresProgress(pool, { ...position, projection: 'accounts' });
    const ledgerBehind = await getJson(`${impatientApi.url}/v1/payments/accounts/${customerId}`, {
      'X-Consistency-Token': accountToken,
    });
    expect(ledgerBehind.status).toBe(503);
    expect(ledgerBehind.body.projections).toEqual(['account-ledger']);

    await writePostgresProgress(pool, { ...position, projection: 'account-ledger' });
    const answer = await getJson(`${impatientApi.url}/v1/payments/accounts/${customerId}`, {
      'X-Consistency-Token': accountToken,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.customerId).toBe(customerId);
  });

  it('answers 400 for a token of another topic or a malformed one', async () => {
    const other = await getJson(
      `${api.url}/v1/reports/sales/daily?from=${firstDay}&to=${firstDay}`,
      {
        'X-Consistency-Token': token('payments.events', 0, 1n),
      },
    );
    expect(other.body.code).toBe('CONSISTENCY_TOKEN_NOT_APPLICABLE');
    const malformed = await getJson(`${api.url}/v1/streams/orders/${orderId}/events`, {
      'X-Consistency-Token': 'not-a-token',
    });
    expect(malformed.body.code).toBe('INVALID_CONSISTENCY_TOKEN');
  });
});

describe('health', () => {
  it('is live, and ready when both stores answer', async () => {
    expect((await getJson(`${api.url}/healthz`)).body).toMatchObject({
      service: 'query-api',
      status: 'ok',
    });
    const ready = await getJson(`${api.url}/readyz`);
    expect(ready.status).toBe(200);
    const checks = ready.body.checks as { name: string; status: string; durationMs: unknown }[];
    expect(checks.map(({ name, status }) => ({ name, status }))).toEqual([
      { name: 'mongodb', status: 'ok' },
      { name: 'postgresql', status: 'ok' },
    ]);
    expect(checks.every((check) => typeof check.durationMs === 'number')).toBe(true);
  });

  it('answers unknown routes with NOT_FOUND problem+json', async () => {
    const answer = await getJson(`${api.url}/v1/unknown`);
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('NOT_FOUND');
  });
});
