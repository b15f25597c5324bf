import { createServer, type Server } from 'node:http';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authSettings } from '../src/auth-settings.ts';
import { bearer, call, guardedApp } from './guarded-app.ts';

const issuer = 'https://idp.example';
const audience = 'orderflow';
const secret = 'an-hmac-secret-of-more-than-32-bytes!!';
const base = {
  ORDERFLOW_AUTH_MODE: 'jwt',
  ORDERFLOW_JWT_ISSUER: issuer,
  ORDERFLOW_JWT_AUDIENCE: audience,
};

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
type SigningKey = PrivateKey | Uint8Array;
const sign = (
  key: SigningKey,
  claims: JWTPayload = {},
  options: {
    alg?: string;
    expiresIn?: string | number;
    kid?: string;
    iss?: string;
    aud?: string;
  } = {},
) =>
  new SignJWT({ scope: 'queries:read', ...claims })
    .setProtectedHeader({
      alg: options.alg ?? 'HS256',
      ...(options.kid ? { kid: options.kid } : {}),
    })
    .setSubject('jane.doe@example.com')
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(key);

const hmac = new TextEncoder().encode(secret);

describe('JWT with an HMAC secret', () => {
  let app: Awaited<ReturnType<typeof guardedApp>>;
  beforeAll(async () => {
    app = await guardedApp(authSettings({ ...base, ORDERFLOW_JWT_SECRET: secret }));
  });
  afterAll(() => app.close());

  it('lets a valid token through with a pseudonym, never the subject', async () => {
    const answer = await call(`${app.url}/query`, bearer(await sign(hmac)));
    expect(answer.status).toBe(200);
    expect(answer.body.principal).toMatch(/^jwt:[0-9a-f]{24}$/);
    expect(JSON.stringify(answer.body)).not.toContain('jane');
  });

  it('reads scopes from `scope` (space-separated) and `scp` (a list)', async () => {
    const both = await sign(hmac, { scope: 'queries:read admin' });
    expect((await call(`${app.url}/admin`, bearer(both))).status).toBe(200);
    const scp = await sign(hmac, { scope: undefined, scp: ['commands:write'] });
    expect((await call(`${app.url}/command`, { method: 'POST', ...bearer(scp) })).status).toBe(200);
  });

  it('answers 403 for a valid token without the scope', async () => {
    const answer = await call(`${app.url}/admin`, bearer(await sign(hmac)));
    expect(answer).toMatchObject({ status: 403, body: { code: 'INSUFFICIENT_SCOPE' } });
  });

  it('answers 401 for an expired token, saying so', async () => {
    const expired = await sign(hmac, {}, { expiresIn: Math.floor(Date.now() / 1000) - 120 });
    const answer = await call(`${app.url}/query`, bearer(expired));
    expect(answer).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(answer.body.detail).toMatch(/expired/);
    expect(answer.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('answers 401 for a token signed with another secret', async () => {
    const forged = await sign(new TextEncoder().encode(`${secret}-not-ours`));
    const answer = await call(`${app.url}/query`, bearer(forged));
    expect(answer).toMatchObject({
      status: 401,
      body: { detail: 'the signature does not verify' },
    });
  });

  it('answers 401 for another issuer or audience', async () => {
    const otherIssuer = await sign(hmac, {}, { iss: 'https://evil.example' });
    expect((await call(`${app.url}/query`, bearer(otherIssuer))).body.detail).toMatch(/"iss"/);
    const otherAudience = await sign(hmac, {}, { aud: 'another-api' });
    expect((await call(`${app.url}/query`, bearer(otherAudience))).body.detail).toMatch(/"aud"/);
  });

  it('answers 401 for an unsigned token (alg none) and for garbage', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'x', iss: issuer, aud: audience, exp: 9e9, scope: 'admin' }),
    ).toString('base64url');
    expect((await call(`${app.url}/admin`, bearer(`${header}.${payload}.`))).status).toBe(401);
    expect((await call(`${app.url}/query`, bearer('not.a.jwt'))).status).toBe(401);
  });
});

describe('JWT with a public key', () => {
  let app: Awaited<ReturnType<typeof guardedApp>>;
  let privateKey: PrivateKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    const pem = await exportSPKI(pair.publicKey);
    app = await guardedApp(authSettings({ ...base, ORDERFLOW_JWT_PUBLIC_KEY: pem }));
  });
  afterAll(() => app.close());

  it('verifies an RS256 token', async () => {
    const token = await sign(privateKey, {}, { alg: 'RS256' });
    expect((await call(`${app.url}/query`, bearer(token))).status).toBe(200);
  });

  it('refuses an HS256 token even if "signed" with the public key (algorithm confusion)', async () => {
    const token = await sign(hmac, {}, { alg: 'HS256' });
    const answer = await call(`${app.url}/query`, bearer(token));
    expect(answer).toMatchObject({ status: 401 });
  });
});

describe('JWT with a JWKS URL', () => {
  let app: Awaited<ReturnType<typeof guardedApp>>;
  let jwks: Server;
  let privateKey: PrivateKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    jwks = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const address = jwks.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    app = await guardedApp(
      authSettings({ ...base, ORDERFLOW_JWT_JWKS_URL: `http://127.0.0.1:${String(port)}/jwks` }),
    );
  });
  afterAll(async () => {
    await app.close();
    jwks.closeAllConnections();
    jwks.close();
  });

  it('verifies a token with the key the JWKS names', async () => {
    const token = await sign(privateKey, {}, { alg: 'ES256', kid: 'k1' });
    expect((await call(`${app.url}/query`, bearer(token))).status).toBe(200);
  });

  it('answers 401 for a key id the JWKS does not have', async () => {
    const other = await generateKeyPair('ES256');
    const token = await sign(other.privateKey, {}, { alg: 'ES256', kid: 'k2' });
    const answer = await call(`${app.url}/query`, bearer(token));
    expect(answer).toMatchObject({
      status: 401,
      body: { detail: 'no known key matches the token' },
    });
  });
});

describe('insecure mode', () => {
  it('lets everything through and says so on every response', async () => {
    const app = await guardedApp(authSettings({ ORDERFLOW_AUTH_MODE: 'insecure' }));
    try {
      const answer = await call(`${app.url}/admin`);
      expect(answer).toMatchObject({ status: 200, body: { principal: 'insecure:anonymous' } });
      expect(answer.headers.get('x-orderflow-auth')).toBe('insecure');
      expect((await call(`${app.url}/healthz`)).headers.get('x-orderflow-auth')).toBe('insecure');
    } finally {
      await app.close();
    }
  });
});
