import { describe, expect, it } from 'vitest';
import { ConfigurationError, defaultEndpoints, loadEndpoints } from '../src/index.ts';

describe('loadEndpoints', () => {
  it('defaults every server to the embedded one on loopback, none overridden', () => {
    const endpoints = loadEndpoints({});
    expect(endpoints).toMatchObject({
      kafkaBrokers: ['127.0.0.1:19092'],
      schemaRegistryUrl: 'http://127.0.0.1:18081/apis/ccompat/v7',
      databaseUrl: defaultEndpoints.DATABASE_URL,
      mongodbUrl: defaultEndpoints.MONGODB_URL,
    });
    expect([...endpoints.overridden]).toEqual([]);
  });

  it('takes overrides and remembers which servers are external', () => {
    const endpoints = loadEndpoints({
      KAFKA_BROKERS: 'k1.internal:9092, k2.internal:9092',
      SCHEMA_REGISTRY_URL: 'https://registry.internal/',
      MONGODB_URL: '',
    });
    expect(endpoints.kafkaBrokers).toEqual(['k1.internal:9092', 'k2.internal:9092']);
    expect(endpoints.schemaRegistryUrl).toBe('https://registry.internal');
    expect(endpoints.mongodbUrl).toBe(defaultEndpoints.MONGODB_URL);
    expect([...endpoints.overridden].sort()).toEqual(['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL']);
  });

  it.each([
    ['KAFKA_BROKERS', 'no-port-here'],
    ['SCHEMA_REGISTRY_URL', 'ftp://registry'],
    ['DATABASE_URL', 'mysql://db/x'],
    ['MONGODB_URL', 'not a url'],
  ])('refuses an invalid %s, naming it', (variable, value) => {
    expect(() => loadEndpoints({ [variable]: value })).toThrow(ConfigurationError);
    expect(() => loadEndpoints({ [variable]: value })).toThrow(variable);
  });
});
