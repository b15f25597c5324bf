import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/rate-limiter.ts';

const clock = () => {
  let now = 0;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

describe('RateLimiter', () => {
  it('keeps one bucket per client', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 2, now: time.now });
    expect([
      limiter.take('a').allowed,
      limiter.take('a').allowed,
      limiter.take('a').allowed,
    ]).toEqual([true, true, false]);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('lets a refused client in again once a token has refilled', () => {
    const time = clock();
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1, now: time.now });
    limiter.take('a');
    const refused = limiter.take('a');
    expect(refused.allowed).toBe(false);
    time.advance(refused.retryAfterMs);
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('forgets idle clients when too many are tracked, without changing any answer', () => {
    const time = clock();
    const limiter = new RateLimiter({
      ratePerSecond: 10,
      burst: 1,
      now: time.now,
      maxTrackedClients: 3,
    });
    for (const client of ['a', 'b', 'c']) limiter.take(client);
    time.advance(1_000); // a, b and c are full again: the same as unknown
    limiter.take('d');
    limiter.take('e');
    expect(limiter.trackedClients).toBe(2);
    expect(limiter.take('e').allowed).toBe(false); // e's empty bucket was kept
  });

  it('drops the least recently seen active client when every tracked client is active', () => {
    const time = clock();
    const limiter = new RateLimiter({
      ratePerSecond: 1,
      burst: 1,
      now: time.now,
      maxTrackedClients: 2,
    });
    for (const client of ['a', 'b', 'c']) limiter.take(client);
    expect(limiter.trackedClients).toBe(2);
    expect(limiter.take('a').allowed).toBe(true); // a was dropped: a fresh bucket
    expect(limiter.take('c').allowed).toBe(false);
  });

  it('refuses settings that would never or always allow', () => {
    expect(() => new RateLimiter({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ ratePerSecond: Number.NaN, burst: 1 })).toThrow(RangeError);
  });
});
