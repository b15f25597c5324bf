import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueryApp } from '../src/app.ts';
import { encodeConsistencyToken } from '../src/consistency/consistency-token.ts';
import { getJson, insecureSecurity, listen, type Listening } from './support/listen.ts';

// The paths here end before any store is read; a store that is touched fails loudly.
const brokenStore = () => {
  throw new Error('secret: store internals at /srv/query-api/src/app.ts:42');
};
const mongo = { collection: brokenStore, command: brokenStore } as unknown as Db;
const pg = { query: brokenStore } as unknown as Pool;

let api: Listening;
let app: ReturnType<typeof createQueryApp>;
beforeAll(async () => {
  app = createQueryApp({
    mongo,
    pg,
    logger: pino({ level: 'silent' }),
    security: insecureSecurity,
  });
  api = await listen(app);
});

interface Layer {
  readonly route?: { readonly path: string; readonly methods: Record<string, boolean> };
  readonly handle?: { readonly stack?: readonly Layer[] };
}
/** Every method and path the express app (and the routers it mounts) answers. */
const servedRoutes = (stack: readonly Layer[]): string[] =>
  stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map(
          (method) => `${method} ${layer.route?.path.replace(/:(\w+)/g, '{$1}') ?? ''}`,
        )
      : servedRoutes(layer.handle?.stack ?? []),
  );
afterAll(() => api.close());

describe('query API HTTP surface (no store involved)', () => {
  it('answers an unknown route with a NOT_FOUND problem', async () => {
    const answer = await getJson(`${api.url}/v1/nothing-here`);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('names every invalid query field', async () => {
    const answer = await getJson(`${api.url}/v1/orders?limit=0&status=Lost&cursor=%21`);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
    const fields = (answer.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['query.cursor', 'query.customerId', 'query.limit', 'query.status']);
  });

  it('names invalid path and query fields together', async () => {
    const answer = await getJson(`${api.url}/v1/streams/shipping/a-1/events?fromVersion=0`);
    expect(answer.status).toBe(400);
    const fields = (answer.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['path.context', 'query.fromVersion']);
  });

  it.each([
    ['/v1/reports/sales/daily?from=2025-02-30&to=2025-03-01', 'query.from'],
    ['/v1/reports/sales/daily?from=2025-03-02&to=2025-03-01', 'query.to'],
    ['/v1/reports/sales/daily?from=2024-01-01&to=2025-01-01', 'query.to'],
    ['/v1/reports/sales/daily?to=2025-01-01', 'query.from'],
  ])('refuses the report range %s', async (path, field) => {
    const answer = await getJson(`${api.url}${path}`);
    expect(answer.status).toBe(400);
    expect((answer.body.errors as { field: string }[]).map((e) => e.field)).toEqual([field]);
  });

  it('refuses a path parameter that is not valid percent-encoding', async () => {
    const answer = await getJson(`${api.url}/v1/inventory/%E0%A4%A`);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a malformed consistency token', async () => {
    const answer = await getJson(`${api.url}/v1/orders/o-1`, { 'X-Consistency-Token': 'bogus!' });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('INVALID_CONSISTENCY_TOKEN');
  });

  it('refuses a token of a topic the route is not built from', async () => {
    const token = encodeConsistencyToken({
      topic: 'payments.events',
      positions: [{ partition: 0, offset: 3n }],
    });
    const answer = await getJson(`${api.url}/v1/inventory/sku-1`, { 'X-Consistency-Token': token });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('CONSISTENCY_TOKEN_NOT_APPLICABLE');
  });

  it('hides a failure behind INTERNAL_ERROR, no message or stack', async () => {
    const answer = await getJson(`${api.url}/v1/orders/o-1`);
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(JSON.stringify(answer.body)).not.toMatch(/secret|\.ts|at /);
  });

  it('reports a failing readiness check with its duration', async () => {
    const answer = await getJson(`${api.url}/readyz`);
    expect(answer.status).toBe(503);
    const checks = answer.body.checks as { name: string; status: string; durationMs: unknown }[];
    expect(checks.map(({ name, status }) => ({ name, status }))).toEqual([
      { name: 'mongodb', status: 'failing' },
      { name: 'postgresql', status: 'failing' },
    ]);
    expect(checks.every((check) => typeof check.durationMs === 'number')).toBe(true);
  });

  it('declares that every read route needs queries:read, and answers 401/403', async () => {
    const answer = await getJson(`${api.url}/openapi.json`);
    const paths = answer.body.paths as Record<
      string,
      { get?: { security?: unknown; responses: object } }
    >;
    const reads = Object.entries(paths).filter(
      ([path]) => path.startsWith('/v1/') && !path.startsWith('/v1/admin/'),
    );
    expect(reads.length).toBeGreaterThan(5);
    for (const [, item] of reads) {
      expect(item.get?.security).toEqual([
        { bearer: ['queries:read'] },
        { apiKey: ['queries:read'] },
      ]);
      expect(Object.keys(item.get?.responses ?? {})).toEqual(
        expect.arrayContaining(['401', '403']),
      );
    }
    expect(answer.body.components).toHaveProperty('securitySchemes.bearer.scheme', 'bearer');
  });

  it('describes every read route in OpenAPI 3.1 from the zod schemas', async () => {
    const answer = await getJson(`${api.url}/openapi.json`);
    expect(answer.body.openapi).toBe('3.1.0');
    const paths = answer.body.paths as Record<string, { get: { parameters: object[] } }>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/v1/orders/{orderId}',
        '/v1/orders',
        '/v1/inventory/{sku}',
        '/v1/payments/accounts/{customerId}',
        '/v1/reports/sales/daily',
        '/v1/streams/{context}/{aggregateId}/events',
      ]),
    );
    expect(paths['/v1/orders']?.get.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'customerId', in: 'query', required: true }),
        expect.objectContaining({
          name: 'limit',
          in: 'query',
          required: false,
        }),
      ]),
    );
    const limit = paths['/v1/orders']?.get.parameters.find(
      (parameter) => (parameter as { name?: string }).name === 'limit',
    ) as { schema: object } | undefined;
    expect(limit?.schema).toMatchObject({ minimum: 1, maximum: 100, default: 20 });
  });

  it('documents every route it serves, the admin routes with their zod schemas', async () => {
    const answer = await getJson(`${api.url}/openapi.json`);
    const paths = answer.body.paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    const served = servedRoutes((app as unknown as { router: { stack: Layer[] } }).router.stack);
    expect(served).toContain('post /v1/admin/parked/{id}/skip');
    // The Prometheus scrape and the document itself are not API operations.
    const operations = served.filter(
      (route) => !['get /metrics', 'get /openapi.json'].includes(route),
    );
    expect(documented).toEqual(expect.arrayContaining(operations));

    const list = paths['/v1/admin/parked']?.get as {
      security: unknown;
      parameters: { name: string; schema: object }[];
      responses: Record<string, { content?: { 'application/json': { schema: object } } }>;
    };
    expect(list.security).toEqual([{ bearer: ['admin'] }, { apiKey: ['admin'] }]);
    expect(list.parameters.find((p) => p.name === 'status')?.schema).toMatchObject({
      enum: ['parked', 'retry', 'skipped', 'resolved'],
    });
    expect(list.parameters.find((p) => p.name === 'limit')?.schema).toMatchObject({
      minimum: 1,
      maximum: 500,
      default: 100,
    });
    expect(list.responses['200']?.content?.['application/json'].schema).toMatchObject({
      properties: { items: { type: 'array' } },
    });
    const skip = paths['/v1/admin/parked/{id}/skip']?.post as {
      parameters: { name: string; in: string; required: boolean }[];
      responses: Record<string, unknown>;
    };
    expect(skip.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    ]);
    expect(Object.keys(skip.responses).sort()).toEqual(['202', '400', '401', '403', '404', '409']);
  });

  it('refuses an invalid parked-events query as documented, before reading any store', async () => {
    const answer = await getJson(`${api.url}/v1/admin/parked?limit=0&status=lost`);
    expect(answer.status).toBe(400);
    const fields = (answer.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['query.limit', 'query.status']);
    const retry = await fetch(`${api.url}/v1/admin/parked/not-a-number/retry`, { method: 'POST' });
    expect(retry.status).toBe(400);
  });
});
