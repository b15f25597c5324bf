import { createServer, type Server, type Socket } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { createMongoClient, createPgPool, storeTimeouts } from '@orderflow/read-targets';
import { closedPort } from '@orderflow/testing';
import { createQueryApp } from '../src/app.ts';
import { getJson, insecureSecurity, listen, type Listening } from './support/listen.ts';
import { ensureReadModelTables } from './support/read-model-fixtures.ts';

// The query API's bounded clients: a MongoDB that is gone, or that takes connections and never
// answers (a hung FerretDB), makes a read fail within the connect bound with a 503 problem,
// while the PostgreSQL read models keep answering.
const endpoints = loadEndpoints();
const logger = pino({ level: 'silent' });
const pool = createPgPool(endpoints.databaseUrl, logger);
const sockets: Socket[] = [];
let silent: Server;
let port: number;

const portOf = (server: Server) => {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
};

beforeAll(async () => {
  await ensureReadModelTables(pool);
  // Accepts TCP connections and never says a word: the driver's handshake gets no answer.
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  port = await closedPort();
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  silent.close();
  await pool.end();
});

const apiWithMongoAt = async (url: string) => {
  const mongo = createMongoClient(url);
  const api = await listen(
    createQueryApp({ mongo: mongo.db(), pg: pool, logger, security: insecureSecurity }),
  );
  return {
    api,
    close: async () => {
      await api.close();
      await mongo.close();
    },
  };
};

const timed = async (url: string) => {
  const started = Date.now();
  const answer = await getJson(url);
  return { answer, ms: Date.now() - started };
};

describe('the query API with MongoDB unavailable', () => {
  let stopped: { api: Listening; close: () => Promise<void> };
  let hung: { api: Listening; close: () => Promise<void> };
  beforeAll(async () => {
    stopped = await apiWithMongoAt(`mongodb://127.0.0.1:${String(port)}/orderflow`);
    hung = await apiWithMongoAt(`mongodb://127.0.0.1:${String(portOf(silent))}/orderflow`);
  });
  afterAll(async () => {
    await Promise.all([stopped.close(), hung.close()]);
  });

  it.each([
    ['stopped (connection refused)', () => stopped.api.url],
    ['hung (accepts, never answers)', () => hung.api.url],
  ])('answers a MongoDB read 503 READ_MODEL_UNAVAILABLE within the bound: %s', async (_, url) => {
    const { answer, ms } = await timed(`${url()}/v1/inventory/sku-outage`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'READ_MODEL_UNAVAILABLE' });
    expect(answer.headers.get('retry-after')).toBe('5');
    // The driver's default would be 30 s of server selection, and no socket bound at all.
    expect(ms).toBeLessThan(storeTimeouts.connectMs + 3_000);
  });

  it('still serves the PostgreSQL read models, and readiness names MongoDB', async () => {
    const account = await getJson(`${stopped.api.url}/v1/payments/accounts/cust-outage-none`);
    expect(account.body).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    const ready = await timed(`${stopped.api.url}/readyz`);
    expect(ready.answer.status).toBe(503);
    expect(ready.answer.body.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'mongodb', status: 'failing' }),
        expect.objectContaining({ name: 'postgresql', status: 'ok' }),
      ]),
    );
  });
});
