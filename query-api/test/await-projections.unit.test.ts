import { describe, expect, it } from 'vitest';
import { awaitProjections, hasReached } from '../src/consistency/await-projections.ts';
import type { ReadProgress } from '../src/consistency/progress-sources.ts';

const token = {
  topic: 'payments.events',
  positions: [
    { partition: 0, offset: 10n },
    { partition: 2, offset: 4n },
  ],
};

/** Progress kept in memory per projection, as the sinks would write it. */
const progressTable = () => {
  const rows = new Map<string, Map<number, bigint>>();
  const read: ReadProgress = (projection, _topic, partitions) => {
    const rowsOf = rows.get(projection) ?? new Map<number, bigint>();
    return Promise.resolve(
      new Map(partitions.flatMap((p) => (rowsOf.has(p) ? [[p, rowsOf.get(p) ?? 0n]] : []))),
    );
  };
  const write = (projection: string, partition: number, nextOffset: bigint) => {
    const rowsOf = rows.get(projection) ?? new Map<number, bigint>();
    rowsOf.set(partition, nextOffset);
    rows.set(projection, rowsOf);
  };
  return { read, write };
};

describe('hasReached', () => {
  it('needs the next offset beyond every position', () => {
    expect(
      hasReached(
        new Map([
          [0, 11n],
          [2, 5n],
        ]),
        token.positions,
      ),
    ).toBe(true);
    expect(
      hasReached(
        new Map([
          [0, 10n],
          [2, 5n],
        ]),
        token.positions,
      ),
    ).toBe(false);
    expect(hasReached(new Map([[0, 11n]]), token.positions)).toBe(false);
  });
});

describe('awaitProjections', () => {
  it('answers at once when the projections are already there', async () => {
    const table = progressTable();
    table.write('accounts', 0, 11n);
    table.write('accounts', 2, 5n);
    const outcome = await awaitProjections({
      token,
      projections: [{ name: 'accounts', readProgress: table.read }],
      timeoutMs: 0,
    });
    expect(outcome).toEqual({ reached: true });
  });

  it('waits until every projection has caught up', async () => {
    const table = progressTable();
    const projections = ['accounts', 'account-ledger'].map((name) => ({
      name,
      readProgress: table.read,
    }));
    setTimeout(() => {
      table.write('accounts', 0, 11n);
      table.write('accounts', 2, 5n);
      table.write('account-ledger', 0, 11n);
    }, 30);
    setTimeout(() => {
      table.write('account-ledger', 2, 5n);
    }, 90);
    const started = Date.now();
    const outcome = await awaitProjections({ token, projections, timeoutMs: 2000, pollMs: 5 });
    expect(outcome).toEqual({ reached: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(85);
  });

  it('gives up after the bound and names the projections still behind', async () => {
    const table = progressTable();
    table.write('accounts', 0, 11n);
    table.write('accounts', 2, 5n);
    table.write('account-ledger', 0, 10n);
    const started = Date.now();
    const outcome = await awaitProjections({
      token,
      projections: ['accounts', 'account-ledger'].map((name) => ({
        name,
        readProgress: table.read,
      })),
      timeoutMs: 60,
      pollMs: 5,
    });
    expect(outcome).toEqual({ reached: false, behind: ['account-ledger'] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('stops polling when the client has gone', async () => {
    const table = progressTable();
    const clientGone = new AbortController();
    setTimeout(() => {
      clientGone.abort();
    }, 20);
    const started = Date.now();
    const outcome = await awaitProjections({
      token,
      projections: [{ name: 'accounts', readProgress: table.read }],
      timeoutMs: 5000,
      pollMs: 5,
      signal: clientGone.signal,
    });
    expect(outcome.reached).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
