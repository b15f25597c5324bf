import { describe, expect, it } from 'vitest';
import { lagAgainst, maxProjectionLag, totalLag } from '../src/index.ts';

describe('lag', () => {
  it('counts what each partition trails its end, from 0 where there is no position', () => {
    const ends = new Map([
      ['orders.events/0', 10n],
      ['orders.events/1', 5n],
      ['orders.events/2', 0n],
    ]);
    const lags = lagAgainst(ends, new Map([['orders.events/0', 7n]]));
    expect(lags).toEqual([
      { topic: 'orders.events', partition: 0, lag: 3 },
      { topic: 'orders.events', partition: 1, lag: 5 },
      { topic: 'orders.events', partition: 2, lag: 0 },
    ]);
    expect(totalLag(lags)).toBe(8);
  });

  it('reads PROJECTION_MAX_LAG, 1000 by default, and refuses nonsense', () => {
    expect(maxProjectionLag({})).toBe(1000);
    expect(maxProjectionLag({ PROJECTION_MAX_LAG: '0' })).toBe(0);
    expect(() => maxProjectionLag({ PROJECTION_MAX_LAG: '-1' })).toThrow(/PROJECTION_MAX_LAG/);
  });
});
