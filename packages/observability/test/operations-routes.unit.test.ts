import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpMetrics, operationsRoutes, type ReadinessCheck } from '../src/index.ts';

let failing = false;
let draining = false;
let probed = 0;
const checks = (): ReadinessCheck[] => [
  {
    name: 'counted',
    probe: () => {
      probed += 1;
      return Promise.resolve();
    },
  },
  { name: 'always', probe: () => Promise.resolve() },
  {
    name: 'flaky',
    probe: () => (failing ? Promise.reject(new Error('down')) : Promise.resolve()),
  },
  {
    name: 'hangs-when-failing',
    probe: () => (failing ? new Promise(() => undefined) : Promise.resolve()),
  },
];

let server: Server;
let base: string;
beforeAll(async () => {
  const app = express();
  app.use(httpMetrics());
  app.use(
    operationsRoutes({
      service: 'demo',
      version: '1.2.3',
      readiness: checks,
      checkTimeoutMs: 200,
      draining: () => draining,
    }),
  );
  app.get('/v1/things/:thingId', (_request, response) => {
    response.json({});
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  const address = server.address();
  base = `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const json = async (path: string) => {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const sample = (text: string, series: string) => {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
};

describe('operations routes', () => {
  it('answers liveness with the service, its version and an overall status', async () => {
    expect(await json('/healthz')).toEqual({
      status: 200,
      body: { service: 'demo', version: '1.2.3', status: 'ok', checks: [] },
    });
  });

  it('is ready when every check passes, each reported with status and duration', async () => {
    failing = false;
    const answer = await json('/readyz');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ service: 'demo', version: '1.2.3', status: 'ready' });
    const results = answer.body.checks as { name: string; status: string; durationMs: number }[];
    expect(results.map(({ name, status }) => `${name}:${status}`)).toEqual([
      'counted:ok',
      'always:ok',
      'flaky:ok',
      'hangs-when-failing:ok',
    ]);
    expect(results.every((result) => typeof result.durationMs === 'number')).toBe(true);
  });

  it('answers 503 when any check fails, and bounds a check that hangs by the timeout', async () => {
    failing = true;
    const answer = await json('/readyz');
    expect(answer.status).toBe(503);
    expect(answer.body.status).toBe('not-ready');
    const results = answer.body.checks as { name: string; status: string; error?: string }[];
    expect(results).toMatchObject([
      { name: 'counted', status: 'ok' },
      { name: 'always', status: 'ok' },
      { name: 'flaky', status: 'failing', error: 'down' },
      { name: 'hangs-when-failing', status: 'failing', error: 'no answer within 200 ms' },
    ]);
  });

  it('answers 503 draining in the same shape while the process stops, probing nothing', async () => {
    failing = false;
    draining = true;
    try {
      const before = probed;
      const answer = await json('/readyz');
      expect(answer).toEqual({
        status: 503,
        body: {
          service: 'demo',
          version: '1.2.3',
          status: 'draining',
          checks: [
            {
              name: 'shutdown',
              status: 'failing',
              durationMs: 0,
              error: 'the process is stopping: it takes no new work',
            },
          ],
        },
      });
      expect(probed).toBe(before);
      // Liveness is unaffected: a stopping process is not a dead one.
      expect((await json('/healthz')).status).toBe(200);
    } finally {
      draining = false;
    }
    expect((await json('/readyz')).body.status).toBe('ready');
  });

  it('labels HTTP metrics with the route pattern, not the raw path', async () => {
    const before = await (await fetch(`${base}/metrics`)).text();
    const series = 'http_requests_total{method="GET",route="/v1/things/:thingId",status="200"}';
    await fetch(`${base}/v1/things/a-1`);
    await fetch(`${base}/v1/things/b-2`);
    await fetch(`${base}/no/such/route`);
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const after = await response.text();
    expect(sample(after, series) - sample(before, series)).toBe(2);
    expect(after).not.toContain('a-1');
    expect(after).toContain('http_requests_total{method="GET",route="unmatched",status="404"}');
    expect(after).toContain(
      'http_request_duration_seconds_count{method="GET",route="/v1/things/:thingId",status="200"}',
    );
    expect(after).toContain('process_cpu_user_seconds_total'); // Node's default metrics
  });
});
