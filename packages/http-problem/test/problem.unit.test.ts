import express from 'express';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { HttpProblem, problemResponder, problemSchema } from '../src/index.ts';

const teapot = { status: 418, title: 'I am a teapot' };
const busy = { status: 503, title: 'Busy', retryAfterSeconds: 7 };

describe('HttpProblem', () => {
  it('renders an RFC 9457 body with the stable code, detail, instance and extensions', () => {
    const problem = new HttpProblem('NO_COFFEE', teapot, {
      detail: 'only tea',
      extensions: { pot: 'p-1' },
    });
    expect(problem.body('/v1/brew')).toEqual({
      type: 'https://orderflow.dev/problems/no-coffee',
      title: 'I am a teapot',
      status: 418,
      code: 'NO_COFFEE',
      detail: 'only tea',
      instance: '/v1/brew',
      pot: 'p-1',
    });
  });
});

describe('problemResponder', () => {
  const serve = async (error: unknown) => {
    const app = express();
    app.get('/', () => {
      throw error;
    });
    app.use(
      problemResponder({
        logger: pino({ level: 'silent' }),
        toProblem: () => new HttpProblem('INTERNAL_ERROR', { status: 500, title: 'Unexpected' }),
      }),
    );
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => {
        resolve(listening);
      });
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const response = await fetch(`http://127.0.0.1:${String(port)}/`);
      return { response, body: (await response.json()) as Record<string, unknown> };
    } finally {
      server.close();
    }
  };

  it('answers a thrown problem as problem+json with its headers and Retry-After', async () => {
    const { response, body } = await serve(
      new HttpProblem('BUSY', busy, { headers: { 'WWW-Authenticate': 'Bearer' } }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(body).toMatchObject({ code: 'BUSY', instance: '/' });
  });

  it("maps anything else with the service's own mapping, without leaking the message", async () => {
    const { response, body } = await serve(new Error('password=hunter2'));
    expect(response.status).toBe(500);
    expect(body.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });
});

describe('problemSchema', () => {
  it('lists the codes as an enum when given, and leaves them open otherwise', () => {
    expect(problemSchema(['A', 'B']).properties.code).toMatchObject({ enum: ['A', 'B'] });
    expect(problemSchema().properties.code).not.toHaveProperty('enum');
  });
});
