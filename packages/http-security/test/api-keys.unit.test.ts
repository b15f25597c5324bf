import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authSettings } from '../src/auth-settings.ts';
import { issueApiKey } from '../src/issue-key.ts';
import { RateLimiter } from '../src/rate-limiter.ts';
import { bearer, call, guardedApp } from './guarded-app.ts';

const writer = issueApiKey('checkout', ['commands:write']);
const reader = issueApiKey('dashboard', ['queries:read']);
const operator = issueApiKey('ops', ['admin', 'queries:read']);
const settings = authSettings({
  ORDERFLOW_AUTH_MODE: 'api-keys',
  ORDERFLOW_API_KEYS: JSON.stringify([writer.entry, reader.entry, operator.entry]),
});
let app: Awaited<ReturnType<typeof guardedApp>>;
let clock = 0;
beforeAll(async () => {
  const limiter = new RateLimiter({ ratePerSecond: 1, burst: 2, now: () => clock });
  app = await guardedApp(settings, limiter);
});
afterAll(() => app.close());

describe('API keys', () => {
  it('answers 401 UNAUTHENTICATED with a Bearer challenge when no credential is sent', async () => {
    const answer = await call(`${app.url}/query`);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="orderflow"');
    expect(answer.body).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('answers 401 for an unknown key, saying the token is invalid but not echoing it', async () => {
    const answer = await call(`${app.url}/query`, bearer('of_not-a-key-anyone-was-given'));
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(JSON.stringify(answer.body)).not.toContain('of_not-a-key');
  });

  it('answers 401 for an Authorization header that is not Bearer', async () => {
    const answer = await call(`${app.url}/query`, {
      headers: { authorization: `Basic ${reader.key}` },
    });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers 403 INSUFFICIENT_SCOPE for a valid key without the scope', async () => {
    const answer = await call(`${app.url}/admin`, bearer(reader.key));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 'INSUFFICIENT_SCOPE', requiredScope: 'admin' });
    expect(answer.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    expect(
      (await call(`${app.url}/command`, { method: 'POST', ...bearer(reader.key) })).status,
    ).toBe(403);
  });

  it('lets each kind of route through with its scope, naming the key as the principal', async () => {
    expect(await call(`${app.url}/query`, bearer(reader.key))).toMatchObject({
      status: 200,
      body: { principal: 'api-key:dashboard' },
    });
    expect((await call(`${app.url}/admin`, bearer(operator.key))).status).toBe(200);
    const viaHeader = await call(`${app.url}/query`, { headers: { 'x-api-key': operator.key } });
    expect(viaHeader).toMatchObject({ status: 200, body: { principal: 'api-key:ops' } });
  });

  it('leaves health open and does not claim insecure mode', async () => {
    const answer = await call(`${app.url}/healthz`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-orderflow-auth')).toBeNull();
  });

  it('limits commands per key: 429 RATE_LIMITED with Retry-After after the burst', async () => {
    const post = () => call(`${app.url}/command`, { method: 'POST', ...bearer(writer.key) });
    const first = await post();
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect((await post()).status).toBe(200);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    clock += 1_000;
    expect((await post()).status).toBe(200);
  });
});
