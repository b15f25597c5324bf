import type { Server } from 'node:http';
import express from 'express';
import { pino, type Logger } from 'pino';
import { HttpProblem, problemResponder } from '@orderflow/http-problem';
import { createAuthenticator } from '../src/authenticator.ts';
import type { AuthSettings } from '../src/auth-settings.ts';
import { announceInsecureMode, principalOf, requireScope } from '../src/guard.ts';
import { limitRate } from '../src/rate-limit.ts';
import type { RateLimiter } from '../src/rate-limiter.ts';

export const silent = pino({ level: 'silent' });

/** A small app guarded as the services are: one route per scope, the command one rate limited. */
export const guardedApp = async (
  settings: AuthSettings,
  limiter?: RateLimiter,
  logger: Logger = silent,
) => {
  const authenticator = createAuthenticator(settings, logger);
  const app = express();
  app.use(announceInsecureMode(authenticator));
  const whoAmI: express.RequestHandler = (_request, response) => {
    response.json({ principal: principalOf(response)?.id ?? null });
  };
  app.post('/command', requireScope(authenticator, 'commands:write'), limitRate(limiter), whoAmI);
  app.get('/query', requireScope(authenticator, 'queries:read'), whoAmI);
  app.get('/admin', requireScope(authenticator, 'admin'), whoAmI);
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.use(
    problemResponder({
      logger,
      toProblem: () => new HttpProblem('INTERNAL_ERROR', { status: 500, title: 'Unexpected' }),
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  const address = server.address();
  const url = `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
};

export const call = async (url: string, init: RequestInit = {}) => {
  const response = await fetch(url, init);
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
};

export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
