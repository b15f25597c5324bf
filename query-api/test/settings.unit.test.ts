import { describe, expect, it } from 'vitest';
import { mongoDatabaseName, querySettings } from '../src/settings.ts';

describe('query API settings', () => {
  it('defaults to port 8080 and a 5 s consistency bound', () => {
    expect(querySettings({})).toEqual({ port: 8080, consistencyTimeoutMs: 5000 });
  });

  it('reads QUERY_HTTP_PORT and QUERY_CONSISTENCY_TIMEOUT_MS', () => {
    const env = { QUERY_HTTP_PORT: '9090', QUERY_CONSISTENCY_TIMEOUT_MS: '250' };
    expect(querySettings(env)).toEqual({ port: 9090, consistencyTimeoutMs: 250 });
  });

  it('refuses a port that is not one', () => {
    expect(() => querySettings({ QUERY_HTTP_PORT: '70000' })).toThrow(/QUERY_HTTP_PORT/);
  });

  it('uses the database named in MONGODB_URL, orderflow when none is', () => {
    expect(mongoDatabaseName('mongodb://127.0.0.1:57017/reads')).toBe('reads');
    expect(mongoDatabaseName('mongodb://127.0.0.1:57017')).toBe('orderflow');
  });
});
