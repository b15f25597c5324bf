import { describe, expect, it } from 'vitest';
import { spawnService } from '../support/service-process.ts';

// The secure default: no ORDERFLOW_AUTH_MODE, no process. Each refuses before any connection.
describe('a service without security configuration', () => {
  it.each([
    ['query-api/src/main.ts', { QUERY_HTTP_PORT: '0' }],
    ['command-services/payments/src/main.ts', { PAYMENTS_HTTP_PORT: '0' }],
    ['projectors/runner/src/main.ts', { PROJECTOR_HTTP_PORT: '0' }],
  ])('%s refuses to start, naming the variable', async (entry, env) => {
    const started = spawnService(entry, { ...env, ORDERFLOW_AUTH_MODE: '' }, 'never logged');
    await expect(started).rejects.toThrow(/exited with 1 while starting/);
    await expect(started).rejects.toThrow(/ORDERFLOW_AUTH_MODE: not set/);
  });

  it('refuses a broken key list without echoing it', async () => {
    const started = spawnService(
      'query-api/src/main.ts',
      {
        QUERY_HTTP_PORT: '0',
        ORDERFLOW_AUTH_MODE: 'api-keys',
        ORDERFLOW_API_KEYS: 'of_secret-key-material-here',
      },
      'never logged',
    );
    await expect(started).rejects.toThrow(/ORDERFLOW_API_KEYS: is not valid JSON/);
    await expect(started).rejects.not.toThrow(/secret-key-material/);
  });
});
