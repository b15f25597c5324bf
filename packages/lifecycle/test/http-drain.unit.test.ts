import type { Server } from 'node:http';
import { request as httpRequest, Agent } from 'node:http';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { HttpDrain } from '../src/http-drain.ts';

const serve = async (drain: HttpDrain, slowMs: number) => {
  const app = express();
  app.use(drain.gate);
  // As the operations routes do (@orderflow/observability): they read the drain's flag.
  app.get('/readyz', (_request, response) => {
    response.status(drain.draining ? 503 : 200).json({});
  });
  app.get('/slow', (_request, response) => {
    setTimeout(() => response.json({ done: true }), slowMs);
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, port };
};

// A keep-alive client, as load balancers and SDKs are: its idle socket must not hold the stop.
const agent = new Agent({ keepAlive: true });
const get = (port: number, path: string, via: Agent | false = agent) =>
  new Promise<{ status: number; connection: string | undefined; body: string }>(
    (resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path, agent: via }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            connection: response.headers.connection,
            body,
          });
        });
      });
      request.on('error', reject);
      request.end();
    },
  );

describe('HttpDrain', () => {
  it('is draining once started, and asks clients to close their connection', async () => {
    const drain = new HttpDrain();
    const { server, port } = await serve(drain, 0);
    expect(drain.draining).toBe(false);
    expect(await get(port, '/slow')).toMatchObject({ status: 200, connection: 'keep-alive' });
    drain.start();
    expect(drain.draining).toBe(true);
    expect(await get(port, '/readyz')).toMatchObject({ status: 503, connection: 'close' });
    expect(await get(port, '/slow')).toMatchObject({ status: 200, connection: 'close' });
    await drain.close(server);
  });

  it('keeps taking requests during the readiness grace, with readiness failing', async () => {
    const drain = new HttpDrain(300);
    const { server, port } = await serve(drain, 0);
    const closed = drain.close(server);
    expect((await get(port, '/readyz', false)).status).toBe(503);
    expect((await get(port, '/slow', false)).status).toBe(200);
    await closed;
    await expect(get(port, '/slow', false)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('finishes the request in flight, then stops accepting', async () => {
    const drain = new HttpDrain();
    const { server, port } = await serve(drain, 300);
    await get(port, '/readyz'); // leaves an idle keep-alive socket behind
    const inFlight = get(port, '/slow');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await drain.close(server);
    expect(await inFlight).toMatchObject({ status: 200, body: '{"done":true}' });
    await expect(get(port, '/readyz', false)).rejects.toThrow(/ECONNREFUSED/);
  });
});
