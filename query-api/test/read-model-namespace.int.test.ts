import { randomInt, randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { createQueryApp } from '../src/app.ts';
import { encodeConsistencyToken } from '../src/consistency/consistency-token.ts';
import { mongoDatabaseName } from '../src/settings.ts';
import { getJson, insecureSecurity, listen, type Listening } from './support/listen.ts';
import { writeMongoProgress } from './support/read-model-fixtures.ts';

// An isolated read side (READ_MODEL_NAMESPACE) on the real FerretDB: this run's own collection
// and progress names; the progress partition is far beyond any real topic's.
const namespace = `qt_${randomUUID().slice(0, 8)}`;
const sku = `sku-${namespace}`;
const partition = 500_000 + randomInt(400_000);
const topic = 'inventory.events';
const token = encodeConsistencyToken({ topic, positions: [{ partition, offset: 5n }] });

const endpoints = loadEndpoints();
const mongoClient = new MongoClient(endpoints.mongodbUrl);
const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 2 });
let db: Db;
let isolated: Listening;
let live: Listening;
const progressIds: string[] = [];

beforeAll(async () => {
  await mongoClient.connect();
  db = mongoClient.db(mongoDatabaseName(endpoints.mongodbUrl));
  await db.collection<{ _id: string }>(`stock_levels_${namespace}`).insertOne({
    _id: sku,
    version: 2,
    view: { sku, name: 'Kettle', total: 9, reserved: 2, available: 7 },
    updatedAt: new Date().toISOString(),
  } as never);
  const options = { mongo: db, pg: pool, logger: pino({ level: 'silent' }) };
  const security = insecureSecurity;
  isolated = await listen(
    createQueryApp({
      ...options,
      security,
      consistencyTimeoutMs: 300,
      readModelNamespace: namespace,
    }),
  );
  live = await listen(createQueryApp({ ...options, security, consistencyTimeoutMs: 300 }));
});

afterAll(async () => {
  await Promise.all([isolated.close(), live.close()]);
  await db
    .collection(`stock_levels_${namespace}`)
    .drop()
    .catch(() => false);
  await db
    .collection<{ _id: string }>('projection_progress')
    .deleteMany({ _id: { $in: progressIds } });
  await Promise.all([mongoClient.close(), pool.end()]);
});

describe('query API with READ_MODEL_NAMESPACE', () => {
  it("reads the namespace's collection, which the live API does not see", async () => {
    const answer = await getJson(`${isolated.url}/v1/inventory/${sku}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ sku, available: 7, version: 2 });
    expect((await getJson(`${live.url}/v1/inventory/${sku}`)).body.code).toBe('PRODUCT_NOT_FOUND');
  });

  it("waits on the namespace's progress, not the live projection's", async () => {
    const position = { topic, partition, nextOffset: 6n };
    progressIds.push(await writeMongoProgress(db, { ...position, projection: 'stock-levels' }));
    const behind = await getJson(`${isolated.url}/v1/inventory/${sku}`, {
      'X-Consistency-Token': token,
    });
    expect(behind.status).toBe(503);
    expect(behind.body).toMatchObject({ code: 'CONSISTENCY_TIMEOUT' });

    progressIds.push(
      await writeMongoProgress(db, { ...position, projection: `stock-levels.${namespace}` }),
    );
    const reached = await getJson(`${isolated.url}/v1/inventory/${sku}`, {
      'X-Consistency-Token': token,
    });
    expect(reached.status).toBe(200);
    expect(reached.body).toMatchObject({ sku, available: 7 });
  });
});
