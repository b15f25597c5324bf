import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { SignJWT } from 'jose';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommandService, type RunningCommandService } from '@orderflow/command-http';
import { loadEndpoints } from '@orderflow/config';
import {
  authSettings,
  createAuthenticator,
  issueApiKey,
  RateLimiter,
  type HttpSecurity,
} from '@orderflow/http-security';
import { inventoryContext } from '@orderflow/inventory-service';
import { inventoryRoutes } from '@orderflow/inventory-service/http';
import { contextTopics, createKafka, header, readPartitionsToEnd } from '@orderflow/kernel';
import { startProjector, type RunningProjector } from '@orderflow/projector';
import { createQueryApp } from '@orderflow/query-api';
import { testLogger } from '../support/command-services.ts';

// The real inventory service and query API with authentication on: API keys on both, JWTs on a
// second query API. Every refusal is problem+json with a stable code.
const writer = issueApiKey('e2e-writer', ['commands:write']);
const reader = issueApiKey('e2e-reader', ['queries:read']);
const operator = issueApiKey('e2e-operator', ['admin']);
const flooder = issueApiKey('e2e-flooder', ['commands:write']);
const apiKeysEnv = {
  ORDERFLOW_AUTH_MODE: 'api-keys',
  ORDERFLOW_API_KEYS: JSON.stringify([writer, reader, operator, flooder].map((k) => k.entry)),
};
const jwtSecret = 'e2e-hmac-secret-with-more-than-32-bytes';
const jwtEnv = {
  ORDERFLOW_AUTH_MODE: 'jwt',
  ORDERFLOW_JWT_SECRET: jwtSecret,
  ORDERFLOW_JWT_ISSUER: 'https://idp.e2e',
  ORDERFLOW_JWT_AUDIENCE: 'orderflow',
};
const jwt = (scope: string, options: { expiresAt?: number; secret?: string } = {}) =>
  new SignJWT({ scope })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('someone@example.com')
    .setIssuer('https://idp.e2e')
    .setAudience('orderflow')
    .setExpirationTime(options.expiresAt ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? jwtSecret));

const endpoints = loadEndpoints();
const mongo = new MongoClient(endpoints.mongodbUrl);
const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 4 });
const servers: Server[] = [];
let inventory: RunningCommandService;
let projector: RunningProjector;
let queryApi: string;
let jwtQueryApi: string;

const listen = async (app: ReturnType<typeof createQueryApp>) => {
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  servers.push(server);
  const address = server.address();
  return `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}`;
};

beforeAll(async () => {
  const keyed: HttpSecurity = {
    authenticator: createAuthenticator(authSettings(apiKeysEnv), testLogger),
    rateLimiter: new RateLimiter({ ratePerSecond: 0.05, burst: 4 }),
  };
  inventory = await startCommandService({
    context: inventoryContext,
    routes: inventoryRoutes,
    port: 0,
    logger: testLogger,
    security: keyed,
  });
  projector = await startProjector({
    port: 0,
    logger: testLogger,
    projections: ['stock-levels'],
    security: keyed,
  });
  await mongo.connect();
  const stores = { mongo: mongo.db(), pg: pool, logger: testLogger, consistencyTimeoutMs: 15_000 };
  queryApi = await listen(createQueryApp({ ...stores, security: keyed }));
  const jwtSecurity = { authenticator: createAuthenticator(authSettings(jwtEnv), testLogger) };
  jwtQueryApi = await listen(createQueryApp({ ...stores, security: jwtSecurity }));
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  await projector.close();
  await inventory.close();
  await Promise.all([mongo.close(), pool.end()]);
});

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}
const send = async (url: string, init: RequestInit & { token?: string } = {}): Promise<Answer> => {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('content-type', 'application/json');
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
};
const register = (token: string | undefined, sku: string, extra: Record<string, string> = {}) =>
  send(`${inventory.url}/v1/inventory/products`, {
    method: 'POST',
    body: JSON.stringify({ sku, name: 'Kettle', initialStock: 2 }),
    headers: extra,
    ...(token ? { token } : {}),
  });
const newSku = () => `sec-${randomUUID().slice(0, 8)}`;

const expectProblem = (answer: Answer, status: number, code: string) => {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, code });
};

describe('command service with API keys', () => {
  it('refuses a command without credentials: 401 with a Bearer challenge, nothing sent', async () => {
    const sku = newSku();
    const answer = await register(undefined, sku);
    expectProblem(answer, 401, 'UNAUTHENTICATED');
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="orderflow"/);
    const status = await send(`${inventory.url}/v1/inventory/products/${sku}/restock`, {
      method: 'POST',
      body: JSON.stringify({ quantity: 1 }),
    });
    expectProblem(status, 401, 'UNAUTHENTICATED');
  });

  it('refuses an unknown key (401) and a key without commands:write (403)', async () => {
    expectProblem(
      await register('of_a-key-nobody-was-ever-given', newSku()),
      401,
      'UNAUTHENTICATED',
    );
    const forbidden = await register(reader.key, newSku());
    expectProblem(forbidden, 403, 'INSUFFICIENT_SCOPE');
    expect(forbidden.body.requiredScope).toBe('commands:write');
  });

  it('takes a command with commands:write and records who issued it on the command', async () => {
    const sku = newSku();
    const answer = await register(writer.key, sku, { prefer: 'wait=10' });
    expect(answer.status).toBe(201);
    // The command record is this service's own writing; its events carry the same header
    // (kernel issued-by.unit.test.ts), whichever processor of the group decides it.
    const found: string[] = [];
    const topic = contextTopics('inventory').commands;
    await readPartitionsToEnd(
      createKafka({
        brokers: endpoints.kafkaBrokers,
        clientId: 'e2e-security',
        logger: testLogger,
      }),
      [0, 1, 2].map((partition) => ({ topic, partition, fromOffset: '0' })),
      (_t, _p, message) => {
        if (message.key?.toString() === sku)
          found.push(message.headers?.[header.issuedBy]?.toString() ?? '(none)');
      },
    );
    expect(found).toEqual(['api-key:e2e-writer']);
  });

  it('serves a command status with queries:read only', async () => {
    const commandId = randomUUID();
    const taken = await register(writer.key, newSku(), {
      prefer: 'wait=10',
      'idempotency-key': commandId,
    });
    expect(taken.status).toBe(201);
    const statusUrl = `${inventory.url}/v1/commands/inventory/${commandId}`;
    expectProblem(await send(statusUrl), 401, 'UNAUTHENTICATED');
    expectProblem(await send(statusUrl, { token: writer.key }), 403, 'INSUFFICIENT_SCOPE');
    expect(await send(statusUrl, { token: reader.key })).toMatchObject({
      status: 200,
      body: { commandId, status: 'accepted' },
    });
  });

  it('leaves health and the OpenAPI document open', async () => {
    expect((await send(`${inventory.url}/healthz`)).status).toBe(200);
    const openApi = await send(`${inventory.url}/openapi.json`);
    expect(openApi.status).toBe(200);
    const paths = openApi.body.paths as Record<
      string,
      { post: { security: unknown; responses: object } }
    >;
    expect(paths['/v1/inventory/products']?.post.security).toEqual([
      { bearer: ['commands:write'] },
      { apiKey: ['commands:write'] },
    ]);
    expect(Object.keys(paths['/v1/inventory/products']?.post.responses ?? {})).toEqual(
      expect.arrayContaining(['401', '403', '429']),
    );
  });

  it('limits each key: 429 RATE_LIMITED with Retry-After after the burst, others unaffected', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await register(flooder.key, newSku()));
    expect(answers.slice(0, 4).map((a) => a.status)).toEqual([202, 202, 202, 202]);
    const refused = answers[4];
    if (!refused) throw new Error('no fifth answer');
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-limit')).toBe('4');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    // The writer has its own bucket.
    expect((await register(writer.key, newSku())).status).toBe(202);
  });
});

describe('query API', () => {
  it('serves a read model with queries:read; refuses without credentials or the scope', async () => {
    const sku = newSku();
    const taken = await register(writer.key, sku, { prefer: 'wait=10' });
    const url = `${queryApi}/v1/inventory/${sku}`;
    const consistency = { 'x-consistency-token': String(taken.body.consistencyToken) };
    expectProblem(await send(url, { headers: consistency }), 401, 'UNAUTHENTICATED');
    expectProblem(
      await send(url, { headers: consistency, token: writer.key }),
      403,
      'INSUFFICIENT_SCOPE',
    );
    expect(await send(url, { headers: consistency, token: reader.key })).toMatchObject({
      status: 200,
      body: { sku, total: 2 },
    });
  });

  it('serves the parked-events admin routes with admin only', async () => {
    const url = `${queryApi}/v1/admin/parked?limit=1`;
    expectProblem(await send(url), 401, 'UNAUTHENTICATED');
    expectProblem(await send(url, { token: reader.key }), 403, 'INSUFFICIENT_SCOPE');
    expect((await send(url, { token: operator.key })).status).toBe(200);
    const retry = await send(`${queryApi}/v1/admin/parked/1/retry`, {
      method: 'POST',
      token: reader.key,
    });
    expectProblem(retry, 403, 'INSUFFICIENT_SCOPE');
  });

  it('takes JWTs: 200 with the scope, 401 expired or badly signed, 403 without the scope', async () => {
    const url = `${jwtQueryApi}/v1/admin/parked?limit=1`;
    expect((await send(url, { token: await jwt('admin queries:read') })).status).toBe(200);
    const expired = await send(url, {
      token: await jwt('admin', { expiresAt: Math.floor(Date.now() / 1000) - 600 }),
    });
    expectProblem(expired, 401, 'UNAUTHENTICATED');
    expect(expired.body.detail).toMatch(/expired/);
    const forged = await send(url, {
      token: await jwt('admin', { secret: `${jwtSecret}-but-not-the-real-one` }),
    });
    expectProblem(forged, 401, 'UNAUTHENTICATED');
    expectProblem(await send(url, { token: await jwt('queries:read') }), 403, 'INSUFFICIENT_SCOPE');
    expectProblem(await send(url, { token: reader.key }), 401, 'UNAUTHENTICATED');
  });

  it('leaves health open', async () => {
    expect((await send(`${queryApi}/healthz`)).status).toBe(200);
  });
});
