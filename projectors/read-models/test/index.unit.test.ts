import { describe, expect, it } from 'vitest';
import {
  allReadModels,
  mongoCollections,
  mongoIndexes,
  postgresKeyedTables,
} from '../src/index.ts';

describe('the read model catalogue', () => {
  const names = allReadModels.map((model) => model.name);
  const keyed = allReadModels.filter((model) => model.kind === 'keyed').map((m) => m.name);

  it('names each model once', () => {
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(7);
  });

  it('stores every keyed model in exactly one place, and only keyed models', () => {
    const stored = [...Object.keys(mongoCollections), ...Object.keys(postgresKeyedTables)];
    expect(stored.toSorted()).toEqual(keyed.toSorted());
  });

  it('indexes only collections that exist, customer listing first by placedAt', () => {
    expect(Object.keys(mongoIndexes).toSorted()).toEqual(
      Object.values(mongoCollections).toSorted(),
    );
    expect(mongoIndexes.order_summaries.map((index) => Object.keys(index.key))).toEqual([
      ['view.customerId', 'view.placedAt', '_id'],
      ['view.status'],
    ]);
  });

  it('reads each model from the contexts that produce its events', () => {
    const contexts = Object.fromEntries(
      allReadModels.map((model) => [model.name, model.sources.map((s) => s.context)]),
    );
    expect(contexts).toEqual({
      'order-details': ['orders'],
      'order-summaries': ['orders'],
      'stock-levels': ['inventory'],
      accounts: ['payments'],
      'account-ledger': ['payments'],
      'sales-lines': ['orders'],
      'event-history': ['orders', 'inventory', 'payments'],
    });
  });
});
