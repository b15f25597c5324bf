import { describe, expect, it } from 'vitest';
import { take, type BucketState } from '../src/token-bucket.ts';

const settings = { ratePerSecond: 2, burst: 3 };

const takeMany = (count: number, atMs: number, start?: BucketState) => {
  let state = start;
  const allowed: boolean[] = [];
  for (let i = 0; i < count; i += 1) {
    const result = take(state, settings, atMs);
    allowed.push(result.allowed);
    state = result.state;
  }
  return { allowed, state };
};

describe('token bucket', () => {
  it('lets a new client burst, then refuses', () => {
    expect(takeMany(4, 0).allowed).toEqual([true, true, true, false]);
  });

  it('counts the remaining tokens down', () => {
    const first = take(undefined, settings, 0);
    const second = take(first.state, settings, 0);
    expect([first.remaining, second.remaining]).toEqual([2, 1]);
  });

  it('says how long until the next token when it refuses', () => {
    const { state } = takeMany(3, 0);
    const refused = take(state, settings, 100);
    // 2 tokens/s: 500 ms per token, 100 ms of it already refilled.
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 400 });
    expect(take(refused.state, settings, 500).allowed).toBe(true);
  });

  it('refills at the rate, never above the burst', () => {
    const { state } = takeMany(3, 0);
    expect(take(state, settings, 1_000).remaining).toBe(1); // 2 refilled, 1 taken
    expect(take(state, settings, 60_000).remaining).toBe(2); // capped at 3, 1 taken
  });

  it('reports when the bucket is full again', () => {
    const { state } = takeMany(3, 0);
    expect(take(state, settings, 0).fullInMs).toBe(1_500);
  });

  it('mints no tokens when the clock steps back', () => {
    const { state } = takeMany(3, 10_000);
    expect(take(state, settings, 0).allowed).toBe(false);
    expect(take(state, settings, 9_000).allowed).toBe(false);
  });
});
