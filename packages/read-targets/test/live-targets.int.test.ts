import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { LiveTargets } from '../src/live-targets.ts';
import { quoteIdentifier } from '../src/registry-schema.ts';
import { TargetRegistry } from '../src/registry.ts';

const schema = `targets_${randomUUID().slice(0, 8)}`;
const pool = new pg.Pool({ connectionString: loadEndpoints().databaseUrl, max: 4 });
const registry = new TargetRegistry(pool, schema);

afterAll(async () => {
  await pool.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
  await pool.end();
});

const eventually = async (probe: () => Promise<boolean>, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return probe();
};

describe('the target registry', () => {
  it('takes one listening connection however many snapshots start at once, and gives it back', async () => {
    const small = new pg.Pool({ connectionString: loadEndpoints().databaseUrl, max: 3 });
    const targets = new LiveTargets({ pool: small, schema, listen: true, ttlMs: 0 });
    try {
      // A readiness probe asks for every projection's progress at once.
      await Promise.all(Array.from({ length: 12 }, () => targets.snapshot()));
      expect(small.totalCount - small.idleCount).toBe(1); // the listener, nothing leaked
      await targets.close();
      expect(small.totalCount - small.idleCount).toBe(0);
    } finally {
      await small.end(); // hangs for good if a client was never released
    }
  });

  it('reads as all version 1 before it exists', async () => {
    const targets = new LiveTargets({ pool, schema });
    expect((await targets.snapshot()).versionOf('accounts')).toBe(1);
    expect(await registry.liveTarget('accounts')).toEqual({
      projection: 'accounts',
      version: 1,
      groupId: `projection.${schema}.accounts`,
    });
  });

  it('switches atomically, retiring the old version, and readers see it at once through NOTIFY', async () => {
    await registry.prepare();
    // A day-long TTL: only the notification can make the reader see the switch.
    const targets = new LiveTargets({ pool, schema, ttlMs: 86_400_000, listen: true });
    try {
      expect((await targets.snapshot()).versionOf('accounts')).toBe(1);
      const lock = await registry.acquireLock('accounts', 'me', 10_000);
      expect(lock).toEqual({ acquired: true, tookOverFrom: null });
      await registry.createVersion('accounts', 2, 'group-v2', null);
      await expect(registry.switchLive('accounts', 2, 'someone-else')).rejects.toThrow(
        /no longer held/,
      );
      expect(await registry.switchLive('accounts', 2, 'me')).toBe(1);
      expect(
        await eventually(async () => (await targets.snapshot()).versionOf('accounts') === 2),
      ).toBe(true);
      expect(await registry.liveTarget('accounts')).toMatchObject({
        version: 2,
        groupId: 'group-v2',
      });
      const versions = await registry.versionsOf('accounts');
      expect(versions.map((v) => [v.version, v.state])).toEqual([
        [1, 'retired'],
        [2, 'ready'],
      ]);
    } finally {
      await targets.close();
    }
  });

  it('keeps a lock from a live owner and hands a stale one over', async () => {
    await registry.prepare();
    expect(await registry.acquireLock('sales-lines', 'first', 10_000)).toMatchObject({
      acquired: true,
    });
    expect(await registry.acquireLock('sales-lines', 'second', 10_000)).toMatchObject({
      acquired: false,
      holder: 'first',
    });
    expect(await registry.heartbeat('sales-lines', 'second')).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(await registry.acquireLock('sales-lines', 'second', 200)).toEqual({
      acquired: true,
      tookOverFrom: 'first',
    });
    expect(await registry.heartbeat('sales-lines', 'first')).toBe(false);
  });
});
