import { describe, expect, it } from 'vitest';
import { AuthConfigurationError, authSettings, sha256Hex } from '../src/auth-settings.ts';
import { rateLimitSettings } from '../src/rate-limit.ts';

const key = 'of_test-key-with-enough-length';
const apiKeys = (entries: unknown) => ({
  ORDERFLOW_AUTH_MODE: 'api-keys',
  ORDERFLOW_API_KEYS: JSON.stringify(entries),
});
const refusal = (env: NodeJS.ProcessEnv) => {
  try {
    authSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthConfigurationError);
    return (error as Error).message;
  }
  throw new Error('the settings were accepted');
};
const jwt = (extra: NodeJS.ProcessEnv) => ({
  ORDERFLOW_AUTH_MODE: 'jwt',
  ORDERFLOW_JWT_ISSUER: 'https://issuer.example',
  ORDERFLOW_JWT_AUDIENCE: 'orderflow',
  ...extra,
});
const secret = 'a-secret-of-at-least-thirty-two-bytes!';

describe('auth settings', () => {
  it('refuses to start without a mode: there is no silent default', () => {
    expect(refusal({})).toMatch(/ORDERFLOW_AUTH_MODE: not set/);
    expect(refusal({ ORDERFLOW_AUTH_MODE: 'none' })).toMatch(/unknown mode "none"/);
  });

  it('takes insecure only when asked for by name', () => {
    expect(authSettings({ ORDERFLOW_AUTH_MODE: 'insecure' })).toEqual({ mode: 'insecure' });
  });

  it('keeps only the hash of a key given in clear', () => {
    const settings = authSettings(apiKeys([{ id: 'shop', key, scopes: ['commands:write'] }]));
    expect(settings).toMatchObject({ mode: 'api-keys' });
    const entry = settings.mode === 'api-keys' ? settings.keys[0] : undefined;
    expect(entry?.sha256.toString('hex')).toBe(sha256Hex(key));
    expect(JSON.stringify(settings)).not.toContain(key);
  });

  it('takes a key by its SHA-256 with its scopes', () => {
    const settings = authSettings(
      apiKeys([{ id: 'ops', sha256: sha256Hex(key), scopes: ['admin', 'queries:read'] }]),
    );
    expect(settings.mode === 'api-keys' && [...(settings.keys[0]?.scopes ?? [])]).toEqual([
      'admin',
      'queries:read',
    ]);
  });

  it('names what is wrong with ORDERFLOW_API_KEYS, never echoing a key', () => {
    expect(refusal({ ORDERFLOW_AUTH_MODE: 'api-keys' })).toMatch(/ORDERFLOW_API_KEYS: required/);
    const notJson = refusal({ ORDERFLOW_AUTH_MODE: 'api-keys', ORDERFLOW_API_KEYS: `${key},x` });
    expect(notJson).toMatch(/not valid JSON/);
    expect(notJson).not.toContain(key);
    expect(refusal(apiKeys([]))).toMatch(/at least one key/);
    expect(refusal(apiKeys([{ id: 'a', key, scopes: ['write'] }]))).toMatch(/\[0\.scopes\.0\]/);
    expect(refusal(apiKeys([{ id: 'a', scopes: ['admin'] }]))).toMatch(/exactly one of sha256/);
    expect(refusal(apiKeys([{ id: 'a', key: 'short', scopes: ['admin'] }]))).toMatch(/16/);
    expect(refusal(apiKeys([{ id: 'a', sha256: 'abc', scopes: ['admin'] }]))).toMatch(/64 hex/);
    const twice = [
      { id: 'a', key, scopes: ['admin'] },
      { id: 'b', sha256: sha256Hex(key), scopes: ['admin'] },
    ];
    expect(refusal(apiKeys(twice))).toMatch(/listed twice/);
    const sameId = [
      { id: 'a', key, scopes: ['admin'] },
      { id: 'a', key: `${key}-2`, scopes: ['admin'] },
    ];
    expect(refusal(apiKeys(sameId))).toMatch(/ids must be unique/);
  });

  it('needs exactly one JWT key source, an issuer and an audience', () => {
    expect(refusal(jwt({}))).toMatch(/set exactly one in jwt mode \(0 set\)/);
    expect(
      refusal(jwt({ ORDERFLOW_JWT_SECRET: secret, ORDERFLOW_JWT_JWKS_URL: 'https://x/jwks' })),
    ).toMatch(/\(2 set\)/);
    expect(refusal(jwt({ ORDERFLOW_JWT_SECRET: secret, ORDERFLOW_JWT_ISSUER: '' }))).toMatch(
      /ORDERFLOW_JWT_ISSUER: required/,
    );
    expect(refusal(jwt({ ORDERFLOW_JWT_SECRET: secret, ORDERFLOW_JWT_AUDIENCE: ' ' }))).toMatch(
      /ORDERFLOW_JWT_AUDIENCE: required/,
    );
  });

  it('checks each JWT key source', () => {
    expect(refusal(jwt({ ORDERFLOW_JWT_SECRET: 'short' }))).toMatch(/at least 32 bytes/);
    expect(refusal(jwt({ ORDERFLOW_JWT_JWKS_URL: 'not a url' }))).toMatch(/not a URL/);
    expect(refusal(jwt({ ORDERFLOW_JWT_JWKS_URL: 'http://idp.example/jwks' }))).toMatch(/https/);
    expect(authSettings(jwt({ ORDERFLOW_JWT_JWKS_URL: 'http://127.0.0.1:9/jwks' }))).toMatchObject({
      key: { kind: 'jwks', timeoutMs: 5000 },
    });
    const jwks = (timeout: string) =>
      jwt({ ORDERFLOW_JWT_JWKS_URL: 'https://x/jwks', ORDERFLOW_JWT_JWKS_TIMEOUT_MS: timeout });
    expect(authSettings(jwks('800'))).toMatchObject({ key: { timeoutMs: 800 } });
    expect(refusal(jwks('0'))).toMatch(/ORDERFLOW_JWT_JWKS_TIMEOUT_MS/);
    expect(refusal(jwks('soon'))).toMatch(/ORDERFLOW_JWT_JWKS_TIMEOUT_MS/);
    expect(refusal(jwt({ ORDERFLOW_JWT_PUBLIC_KEY: 'MIIB...' }))).toMatch(/PEM SPKI/);
  });

  it('keeps HMAC and public-key algorithms apart (no algorithm confusion)', () => {
    expect(authSettings(jwt({ ORDERFLOW_JWT_SECRET: secret }))).toMatchObject({
      algorithms: ['HS256'],
    });
    expect(
      refusal(jwt({ ORDERFLOW_JWT_SECRET: secret, ORDERFLOW_JWT_ALGORITHMS: 'HS256,RS256' })),
    ).toMatch(/ORDERFLOW_JWT_ALGORITHMS/);
    expect(
      refusal(jwt({ ORDERFLOW_JWT_JWKS_URL: 'https://x/jwks', ORDERFLOW_JWT_ALGORITHMS: 'HS256' })),
    ).toMatch(/ORDERFLOW_JWT_ALGORITHMS/);
    expect(
      refusal(jwt({ ORDERFLOW_JWT_SECRET: secret, ORDERFLOW_JWT_CLOCK_TOLERANCE_S: '-1' })),
    ).toMatch(/CLOCK_TOLERANCE/);
  });
});

describe('rate limit settings', () => {
  it('defaults to 50 per second with a burst of twice that', () => {
    expect(rateLimitSettings({})).toEqual({ ratePerSecond: 50, burst: 100 });
  });

  it('takes a rate, a burst, or off', () => {
    expect(
      rateLimitSettings({ ORDERFLOW_RATE_LIMIT_RPS: '0.5', ORDERFLOW_RATE_LIMIT_BURST: '3' }),
    ).toEqual({ ratePerSecond: 0.5, burst: 3 });
    expect(rateLimitSettings({ ORDERFLOW_RATE_LIMIT_RPS: 'off' })).toBe('off');
  });

  it('refuses a rate or burst that is not a positive number', () => {
    expect(() => rateLimitSettings({ ORDERFLOW_RATE_LIMIT_RPS: '0' })).toThrow(/RPS/);
    expect(() => rateLimitSettings({ ORDERFLOW_RATE_LIMIT_RPS: 'fast' })).toThrow(/RPS/);
    expect(() => rateLimitSettings({ ORDERFLOW_RATE_LIMIT_BURST: '1.5' })).toThrow(/BURST/);
  });
});
