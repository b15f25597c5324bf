import type { Server } from 'node:http';
import type { Express } from 'express';
import { pino } from 'pino';
import { createAuthenticator, type HttpSecurity } from '@orderflow/http-security';

export interface Listening {
  readonly url: string;
  readonly close: () => Promise<void>;
}

/** Starts the app on a free loopback port. */
export const listen = async (app: Express): Promise<Listening> => {
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
    listening.once('error', reject);
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('server has no port');
  return {
    url: `http://127.0.0.1:${String(address.port)}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
};

export interface JsonAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export const getJson = async (
  url: string,
  headers: Record<string, string> = {},
): Promise<JsonAnswer> => {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
};

/** Authentication off, as most query API tests need; security.int.test.ts tests the real modes. */
export const insecureSecurity: HttpSecurity = {
  authenticator: createAuthenticator({ mode: 'insecure' }, pino({ level: 'silent' })),
};
