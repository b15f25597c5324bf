import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { ParkingLot, type RawEvent } from '@orderflow/projections';
import { createQueryApp } from '../src/app.ts';
import { getJson, insecureSecurity, listen, type Listening } from './support/listen.ts';

// A read side deployed with READ_MODEL_SCHEMA set: the projector parks into that schema, and
// the admin routes must list and change the events there, not in the default `read_models`.
const suffix = randomUUID().slice(0, 8);
const schema = `read_models_admin_${suffix}`;
const projection = `stock-levels-${suffix}`;
const endpoints = loadEndpoints();
const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 4 });
const mongo = new MongoClient(endpoints.mongodbUrl);
const parking = new ParkingLot(pool, schema, projection);
let api: Listening;

const raw = (offset: number): RawEvent => ({
  context: 'inventory',
  topic: 'inventory.events',
  partition: 0,
  message: {
    key: Buffer.from('sku-1'),
    value: null,
    headers: {},
    offset: String(offset),
  } as unknown as KafkaMessage,
});

interface Parked {
  id: string;
  projection: string;
  offset: string;
  status: string;
  reason: string;
}
const listed = async (query = '') => {
  const answer = await getJson(`${api.url}/v1/admin/parked?projection=${projection}${query}`);
  expect(answer.status).toBe(200);
  return (answer.body.items as Parked[]).toSorted((a, b) => Number(a.offset) - Number(b.offset));
};
const post = (id: string, action: 'retry' | 'skip') =>
  fetch(`${api.url}/v1/admin/parked/${id}/${action}`, { method: 'POST' });

beforeAll(async () => {
  await parking.prepare();
  await parking.park(raw(7), 'sku-1', null, 'undecodable: not avro', false);
  await parking.park(raw(8), 'sku-1', 2, 'blocked behind an earlier parked event', true);
  const app = createQueryApp({
    mongo: mongo.db(),
    pg: pool,
    logger: pino({ level: 'silent' }),
    security: insecureSecurity,
    readModelSchema: schema,
  });
  api = await listen(app);
});
afterAll(async () => {
  await api.close();
  await pool.query(`drop schema if exists "${schema}" cascade`);
  await Promise.all([pool.end(), mongo.close()]);
});

describe('the parked-events admin of a read side in its own READ_MODEL_SCHEMA', () => {
  it('lists the events parked in the configured schema', async () => {
    const items = await listed();
    expect(items.map(({ offset, status }) => ({ offset, status }))).toEqual([
      { offset: '7', status: 'parked' },
      { offset: '8', status: 'parked' },
    ]);
    expect(items[0]?.reason).toContain('undecodable');
    expect(await listed('&status=retry')).toEqual([]);
  });

  it('asks for a retry of an event and of what queued behind it, in that schema', async () => {
    const [poison] = await listed();
    const answer = await post(poison?.id ?? '', 'retry');
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({ id: poison?.id, status: 'retry' });
    expect((await listed()).map((item) => item.status)).toEqual(['retry', 'retry']);
  });

  it('skips an event, then refuses to act on it again, and knows no other id', async () => {
    const [poison, queued] = await listed();
    expect((await post(poison?.id ?? '', 'skip')).status).toBe(202);
    expect((await listed()).map((item) => item.status)).toEqual(['skipped', 'retry']);
    const again = await post(poison?.id ?? '', 'skip');
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'PARKED_EVENT_NOT_PENDING' });
    expect((await post(queued?.id ?? '', 'retry')).status).toBe(202);
    const unknown = await post('999999999999', 'retry');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'PARKED_EVENT_NOT_FOUND' });
  });
});
