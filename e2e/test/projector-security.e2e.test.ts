import { MongoClient } from 'mongodb';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { issueApiKey } from '@orderflow/http-security';
import { stockLevels } from '@orderflow/read-models';
import { isolatedReadSide } from '../support/isolated-read-side.ts';
import { spawnProjector, type ProjectorProcess } from '../support/projector-process.ts';

// The real projector process with API keys: probes and scrapes open, its operations routes
// admin only. An isolated copy of stock-levels (own groups and schema), so the processes never
// join the live projection groups other runs on the cluster share.
const operator = issueApiKey('e2e-projector-operator', ['admin']);
const reader = issueApiKey('e2e-projector-reader', ['queries:read', 'commands:write']);
const endpoints = loadEndpoints();
const mongo = new MongoClient(endpoints.mongodbUrl);
const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 2 });
const running: ProjectorProcess[] = [];
let readSide: Awaited<ReturnType<typeof isolatedReadSide>>;

const start = async (env: Record<string, string>) => {
  const projector = await spawnProjector(['stock-levels'], { ...readSide.env, ...env });
  running.push(projector);
  return projector;
};

beforeAll(async () => {
  await mongo.connect();
  readSide = await isolatedReadSide([stockLevels]);
});
afterAll(async () => {
  for (const projector of running) projector.child.kill('SIGTERM');
  await Promise.all(running.map((projector) => projector.exited));
  await readSide.drop({ db: mongo.db(), pool }, ['stock_levels']);
  await Promise.all([mongo.close(), pool.end()]);
});

const get = async (url: string, key?: string) => {
  const response = await fetch(url, key ? { headers: { authorization: `Bearer ${key}` } } : {});
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') ?? false;
  return {
    status: response.status,
    headers: response.headers,
    body: (json && text ? JSON.parse(text) : text) as unknown,
  };
};

const expectProblem = (answer: Awaited<ReturnType<typeof get>>, status: number, code: string) => {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, code });
};

describe('the projector process with API keys', () => {
  let url: string;
  beforeAll(async () => {
    const projector = await start({
      ORDERFLOW_AUTH_MODE: 'api-keys',
      ORDERFLOW_API_KEYS: JSON.stringify([operator.entry, reader.entry]),
    });
    url = projector.url;
  });

  it('leaves /healthz, /readyz and /metrics open', async () => {
    expect(await get(`${url}/healthz`)).toMatchObject({
      status: 200,
      body: { service: 'projector', status: 'ok' },
    });
    const ready = await get(`${url}/readyz`);
    expect([200, 503]).toContain(ready.status); // readiness is about the stores, not the caller
    expect(ready.body).toMatchObject({ service: 'projector' });
    const metrics = await get(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('# TYPE orderflow_projection_lag gauge');
    expect(metrics.headers.get('x-orderflow-auth')).toBeNull();
  });

  it('refuses the projections without a credential (401) and without admin (403)', async () => {
    const anonymous = await get(`${url}/v1/projections`);
    expectProblem(anonymous, 401, 'UNAUTHENTICATED');
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="orderflow"/);
    expectProblem(
      await get(`${url}/v1/projections`, 'of_a-key-nobody-was-given'),
      401,
      'UNAUTHENTICATED',
    );
    const reading = await get(`${url}/v1/projections`, reader.key);
    expectProblem(reading, 403, 'INSUFFICIENT_SCOPE');
    expect(reading.body).toMatchObject({ requiredScope: 'admin' });
  });

  it('serves the projections to an admin', async () => {
    const answer = await get(`${url}/v1/projections`, operator.key);
    expect(answer.status).toBe(200);
    const projections = answer.body as { projection: string; breaker: string }[];
    expect(projections.map((p) => p.breaker)).toEqual(['closed']);
    expect(projections[0]?.projection).toContain(
      `stock-levels.${readSide.env.READ_MODEL_NAMESPACE}`,
    );
  });

  it('hides which other routes exist from an unauthenticated caller', async () => {
    expectProblem(await get(`${url}/v1/admin/anything`), 401, 'UNAUTHENTICATED');
    expectProblem(await get(`${url}/v1/admin/anything`, operator.key), 404, 'NOT_FOUND');
  });
});

describe('the projector process in insecure mode', () => {
  it('lets the projections through and says so on every answer', async () => {
    const projector = await start({ ORDERFLOW_AUTH_MODE: 'insecure' });
    const health = await get(`${projector.url}/healthz`);
    expect(health.headers.get('x-orderflow-auth')).toBe('insecure');
    const projections = await get(`${projector.url}/v1/projections`);
    expect(projections.status).toBe(200);
    expect(projections.headers.get('x-orderflow-auth')).toBe('insecure');
    expect(projector.recentOutput()).toContain('AUTHENTICATION IS OFF');
  });
});
