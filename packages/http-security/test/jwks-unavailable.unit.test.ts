import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { pino } from 'pino';
import { closedPort } from '@orderflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authSettings } from '../src/auth-settings.ts';
import { bearer, call, guardedApp } from './guarded-app.ts';

// A real JWKS server on loopback that is stopped, fails, hangs or answers garbage: the API
// answers 503 AUTH_UNAVAILABLE (the token is not at fault), within the configured bound, and
// logs why; once the key set is back, the same token passes.
const issuer = 'https://idp.example';
const timeoutMs = 400;
type Behaviour = 'keys' | 'error-500' | 'hang' | 'not-json' | 'not-a-key-set';

let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let publicJwk: Record<string, unknown>;
let jwks: Server;
let jwksUrl: string;
let behaviour: Behaviour = 'keys';
const hanging: ServerResponse[] = [];

const answer = (_request: IncomingMessage, response: ServerResponse) => {
  response.setHeader('content-type', 'application/json');
  if (behaviour === 'keys') response.end(JSON.stringify({ keys: [publicJwk] }));
  else if (behaviour === 'error-500') response.writeHead(500).end('{"error":"down"}');
  else if (behaviour === 'not-json') response.end('<html>maintenance</html>');
  else if (behaviour === 'not-a-key-set') response.end('{"keys":"none"}');
  else hanging.push(response); // never answered
};

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  jwks = createServer(answer);
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const address = jwks.address();
  jwksUrl = `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}/jwks`;
});
afterAll(() => {
  for (const response of hanging) response.destroy();
  jwks.closeAllConnections();
  jwks.close();
});

const token = () =>
  new SignJWT({ scope: 'queries:read' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setSubject('jane.doe@example.com')
    .setIssuer(issuer)
    .setAudience('orderflow')
    .setExpirationTime('5m')
    .sign(privateKey);

/** A fresh app (so no key set is cached from another case), its log lines collected. */
const appFetchingFrom = async (url: string) => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  const settings = authSettings({
    ORDERFLOW_AUTH_MODE: 'jwt',
    ORDERFLOW_JWT_ISSUER: issuer,
    ORDERFLOW_JWT_AUDIENCE: 'orderflow',
    ORDERFLOW_JWT_JWKS_URL: url,
    ORDERFLOW_JWT_JWKS_TIMEOUT_MS: String(timeoutMs),
  });
  return { app: await guardedApp(settings, undefined, logger), lines };
};

const expectUnavailable = async (url: string) => {
  const { app, lines } = await appFetchingFrom(url);
  try {
    const started = Date.now();
    const answered = await call(`${app.url}/query`, bearer(await token()));
    const ms = Date.now() - started;
    expect(answered.status).toBe(503);
    expect(answered.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answered.body).toMatchObject({ status: 503, code: 'AUTH_UNAVAILABLE' });
    expect(answered.headers.get('retry-after')).toBe('5');
    expect(answered.headers.get('www-authenticate')).toBeNull();
    // Logged once, with the JWKS URL and jose's cause; never the token.
    const logged = lines.filter((line) => line.msg === 'request failed');
    expect(logged).toHaveLength(1);
    const err = logged[0]?.err as { message: string };
    expect(err.message).toContain('could not be fetched');
    expect(err.message).toContain(url);
    expect(JSON.stringify(lines)).not.toContain('eyJ');
    return { ms, err };
  } finally {
    await app.close();
  }
};

describe('JWT with a JWKS that cannot be fetched', () => {
  it('answers 503 AUTH_UNAVAILABLE when the JWKS server is stopped', async () => {
    const stopped = `http://127.0.0.1:${String(await closedPort())}/jwks`;
    const { err } = await expectUnavailable(stopped);
    expect(err.message).toMatch(/fetch failed/);
  });

  it('answers 503 when the JWKS answers 500', async () => {
    behaviour = 'error-500';
    const { err } = await expectUnavailable(jwksUrl);
    expect(err.message).toMatch(/Expected 200 OK/);
  });

  it('answers 503 within the bound when the JWKS hangs', async () => {
    behaviour = 'hang';
    const { ms } = await expectUnavailable(jwksUrl);
    expect(ms).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(ms).toBeLessThan(timeoutMs + 1_500);
  });

  it.each(['not-json', 'not-a-key-set'] as const)('answers 503 for a %s answer', async (bad) => {
    behaviour = bad;
    await expectUnavailable(jwksUrl);
  });

  it('lets the same token through once the key set is back, and still 401s a forged one', async () => {
    behaviour = 'keys';
    const { app } = await appFetchingFrom(jwksUrl);
    try {
      expect((await call(`${app.url}/query`, bearer(await token()))).status).toBe(200);
      const stranger = await generateKeyPair('ES256');
      const forged = await new SignJWT({ scope: 'queries:read' })
        .setProtectedHeader({ alg: 'ES256', kid: 'k-unknown' })
        .setSubject('x')
        .setIssuer(issuer)
        .setAudience('orderflow')
        .setExpirationTime('5m')
        .sign(stranger.privateKey);
      expect(await call(`${app.url}/query`, bearer(forged))).toMatchObject({
        status: 401,
        body: { code: 'UNAUTHENTICATED' },
      });
    } finally {
      await app.close();
    }
  });
});
