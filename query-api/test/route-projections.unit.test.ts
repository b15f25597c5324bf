import { describe, expect, it } from 'vitest';
import { readYourWrites } from '../src/consistency/read-your-writes.ts';
import { projections, projectionsToAwait } from '../src/projections.ts';
import { readRoutes } from '../src/routes/index.ts';

const neverRead = () => Promise.reject(new Error('must not read progress'));
const readers = { mongodb: neverRead, postgresql: neverRead };

describe('route -> projection map', () => {
  it('names the projections behind every read route', () => {
    expect(Object.fromEntries(readRoutes.map((route) => [route.path, route.projections]))).toEqual({
      '/v1/orders/:orderId': ['order-details'],
      '/v1/orders': ['order-summaries'],
      '/v1/inventory/:sku': ['stock-levels'],
      '/v1/payments/accounts/:customerId': ['accounts', 'account-ledger'],
      '/v1/reports/sales/daily': ['sales-lines'],
      '/v1/streams/:context/:aggregateId/events': ['event-history'],
    });
  });

  it('knows every projection the projector runs, with the store of its progress and its topics', () => {
    expect(Object.fromEntries(projections)).toEqual({
      'order-details': { store: 'mongodb', topics: ['orders.events'] },
      'order-summaries': { store: 'mongodb', topics: ['orders.events'] },
      'stock-levels': { store: 'mongodb', topics: ['inventory.events'] },
      accounts: { store: 'postgresql', topics: ['payments.events'] },
      'account-ledger': { store: 'postgresql', topics: ['payments.events'] },
      'sales-lines': { store: 'postgresql', topics: ['orders.events'] },
      'event-history': {
        store: 'postgresql',
        topics: ['orders.events', 'inventory.events', 'payments.events'],
      },
    });
  });

  it('waits for both payments projections behind an account', () => {
    expect(projectionsToAwait(['accounts', 'account-ledger'], 'payments.events')).toEqual([
      'accounts',
      'account-ledger',
    ]);
  });

  it('waits for the event history on any of the three topics', () => {
    for (const topic of ['orders.events', 'inventory.events', 'payments.events']) {
      expect(projectionsToAwait(['event-history'], topic)).toEqual(['event-history']);
    }
  });

  it('finds nothing to wait for when the route is not built from the topic', () => {
    expect(projectionsToAwait(['order-details'], 'inventory.events')).toEqual([]);
    expect(projectionsToAwait(['sales-lines'], 'payments.events')).toEqual([]);
  });

  it('refuses a token for another topic before reading any progress', async () => {
    const token = { topic: 'inventory.events', positions: [{ partition: 0, offset: 1n }] };
    await expect(
      readYourWrites({ token, routeProjections: ['order-details'], readers, timeoutMs: 100 }),
    ).rejects.toMatchObject({ code: 'CONSISTENCY_TOKEN_NOT_APPLICABLE', status: 400 });
  });
});
