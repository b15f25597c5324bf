import { describe, expect, it } from 'vitest';
import { catalog, describeTarget, findProjection } from '../src/catalog.ts';
import { differencesOf } from '../src/compare-targets.ts';
import { doneOf, lagOf, positionKey } from '../src/positions.ts';

const positions = (entries: Record<string, number>) =>
  new Map(Object.entries(entries).map(([key, offset]) => [key, BigInt(offset)]));

describe('progress from positions', () => {
  const start = positions({ 'a|0': 0, 'a|1': 10 });
  const end = positions({ 'a|0': 100, 'a|1': 50 });

  it('counts the lag from the checkpoint, or from the start where a partition has none', () => {
    expect(lagOf(new Map(), start, end)).toBe(140);
    expect(lagOf(positions({ 'a|0': 60 }), start, end)).toBe(80);
    expect(lagOf(positions({ 'a|0': 100, 'a|1': 50 }), start, end)).toBe(0);
  });

  it('counts what is done from the start, never below it', () => {
    expect(doneOf(positions({ 'a|0': 60, 'a|1': 5 }), start)).toBe(60);
    expect(doneOf(positions({ 'a|0': 100, 'a|1': 50 }), start)).toBe(140);
  });

  it('keys positions by topic and partition', () => {
    expect(positionKey('orders.events', 2)).toBe('orders.events|2');
  });
});

describe('differencesOf', () => {
  it('names missing, extra and different keys', () => {
    const fold = new Map([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
    ]);
    const target = new Map([
      ['a', '1'],
      ['b', 'tampered'],
      ['z', '9'],
    ]);
    expect(differencesOf(target, fold)).toEqual([
      { key: 'b', kind: 'different' },
      { key: 'c', kind: 'missing' },
      { key: 'z', kind: 'extra' },
    ]);
    expect(differencesOf(fold, new Map(fold))).toEqual([]);
  });
});

describe('the catalog', () => {
  it('holds every read model the projector runs, each with its store', () => {
    expect([...catalog.keys()]).toEqual([
      'order-details',
      'order-summaries',
      'stock-levels',
      'accounts',
      'account-ledger',
      'sales-lines',
      'event-history',
    ]);
    expect(describeTarget(findProjection('order-details'), 'read_models', 2)).toBe(
      'mongodb order_details_v2',
    );
    expect(describeTarget(findProjection('sales-lines'), 'read_models', 1)).toBe(
      'postgresql read_models.sales_lines',
    );
  });

  it('lists the known projections when asked for an unknown one', () => {
    expect(() => findProjection('orders')).toThrow(
      'unknown projection "orders"; known projections: order-details, order-summaries',
    );
  });
});
