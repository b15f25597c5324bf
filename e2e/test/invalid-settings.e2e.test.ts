import { describe, expect, it } from 'vitest';
import { spawnService } from '../support/service-process.ts';

// A typo in a numeric variable stops the process at start, naming the variable, instead of
// running with a NaN (a breaker that never opens, every PlaceOrder failing, a random port).
describe('a service with an invalid numeric setting', () => {
  it.each([
    ['command-services/orders/src/main.ts', { ORDERS_HTTP_PORT: '0', ORDER_TIMEOUT_MS: '30s' }],
    ['command-services/inventory/src/main.ts', { INVENTORY_HTTP_PORT: 'http' }],
    [
      'command-services/payments/src/main.ts',
      { PAYMENTS_HTTP_PORT: '0', ORDERFLOW_PARTITIONS: '0' },
    ],
    ['projectors/runner/src/main.ts', { PROJECTOR_HTTP_PORT: '0', SINK_BREAKER_FAILURES: 'five' }],
  ])('%s refuses to start, naming the variable', async (entry, env) => {
    const [name, value] = Object.entries(env).at(-1) ?? [];
    const started = spawnService(
      entry,
      { ...env, ORDERFLOW_AUTH_MODE: 'insecure' },
      'never logged',
    );
    await expect(started).rejects.toThrow(/exited with 1 while starting/);
    await expect(started).rejects.toThrow(`${String(name)}: an integer from`);
    await expect(started).rejects.toThrow(`got "${String(value)}"`);
  });
});
