import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runBounded } from '../src/sinks/mongo-commands.ts';
import { OwnedViewCache } from '../src/sinks/owned-view-cache.ts';

describe('runBounded', () => {
  it('never has more than the limit in flight, and does every item', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await runBounded([1, 2, 3, 4, 5, 6, 7], 2, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await sleep(5 * (item % 3));
      inFlight -= 1;
      done.push(item);
    });
    expect(most).toBe(2);
    expect([...done].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('starts nothing after a failure, waits for the calls in flight, then throws the first error', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = runBounded([1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      if (item === 1) throw new Error('first');
      await sleep(30);
      settled += 1;
      if (item === 2) throw new Error('second');
    });
    await expect(run).rejects.toThrow('first');
    expect(started).toEqual([1, 2]);
    expect(settled).toBe(1);
  });
});

describe('OwnedViewCache', () => {
  it('keeps a view as the store returns it, not the object it was given', () => {
    const cache = new OwnedViewCache();
    const view = { total: 1, note: undefined as string | undefined, lines: [{ sku: 'x' }] };
    cache.remember('a', { version: 2, view });
    view.lines.push({ sku: 'changed later' });
    // The MongoDB driver stores undefined as null by default (ignoreUndefined: false).
    expect(cache.get('a')).toEqual({
      version: 2,
      view: { total: 1, note: null, lines: [{ sku: 'x' }] },
    });
  });

  it('forgets the least recently written views first once full, and everything on clear', () => {
    const cache = new OwnedViewCache(2);
    cache.remember('a', { version: 1, view: null });
    cache.remember('b', { version: 1, view: null });
    cache.remember('a', { version: 2, view: null });
    cache.remember('c', { version: 1, view: null });
    expect([cache.get('a')?.version, cache.get('b'), cache.get('c')?.version]).toEqual([
      2,
      undefined,
      1,
    ]);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
