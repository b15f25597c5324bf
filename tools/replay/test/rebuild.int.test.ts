import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { quoteIdentifier } from '@orderflow/read-targets';
import { connect, type Connections } from '../src/connections.ts';
import { InterruptedError, LockHeldError, RefusedError } from '../src/errors.ts';
import { rebuildProjection } from '../src/rebuild.ts';
import { verifyTarget } from '../src/verify.ts';
import {
  balancesEntry,
  createLedgerStream,
  depositsEntry,
  kafka,
  testLogger,
  type Balance,
} from './support/test-projections.ts';

// Each run gets its own registry schema and MongoDB database: the shared servers stay untouched.
const nonce = randomUUID().slice(0, 8);
const schema = `replay_${nonce}`;
process.env.READ_MODEL_SCHEMA = schema;
const mongoUrl = new URL(loadEndpoints().mongodbUrl);
mongoUrl.pathname = `/replay_${nonce}`;
process.env.MONGODB_URL = mongoUrl.toString();

let connections: Connections;
let stream: Awaited<ReturnType<typeof createLedgerStream>>;
const expected = new Map<string, Balance>();
const deposit = async (account: string, ...amounts: number[]) => {
  await stream.append(account, ...amounts);
  const before = expected.get(account) ?? { total: 0, deposits: 0 };
  expected.set(account, {
    total: before.total + amounts.reduce((a, b) => a + b, 0),
    deposits: before.deposits + amounts.length,
  });
};

/** End offsets of every topic of the test's context: a rebuild must not change any. */
const contextOffsets = async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics())
      .filter((t) => t.startsWith(`${stream.context}.`))
      .sort();
    const offsets: Record<string, string> = {};
    for (const topic of topics)
      for (const p of await admin.fetchTopicOffsets(topic))
        offsets[`${topic}/${String(p.partition)}`] = p.high;
    return offsets;
  } finally {
    await admin.disconnect();
  }
};

beforeAll(async () => {
  connections = await connect(testLogger);
  stream = await createLedgerStream();
  for (let account = 0; account < 30; account += 1)
    await deposit(
      `acct-${String(account)}`,
      ...Array.from({ length: 10 }, (_, i) => account * 100 + i + 1),
    );
});

afterAll(async () => {
  await stream.close();
  for (const suffix of ['', '_v2', '_v3'])
    await connections.pool.query(
      `drop schema if exists ${quoteIdentifier(schema + suffix)} cascade`,
    );
  await connections.mongo.dropDatabase();
  await connections.close();
});

const balancesOf = async (collection: string) => {
  const documents = await connections.mongo
    .collection<{ _id: string; view: Balance }>(collection)
    .find({})
    .toArray();
  return new Map(documents.map((d) => [d._id, d.view]));
};

describe('rebuildProjection', () => {
  it('builds a new version equal to the fold of every event, switches to it, and writes no record', async () => {
    const entry = balancesEntry(stream.source);
    const before = await contextOffsets();
    const result = await rebuildProjection({ connections, entry, handoverMs: 100 });
    expect(result).toMatchObject({
      version: 2,
      previousVersion: 1,
      switched: true,
      resumed: false,
    });
    expect(result.verify).toMatchObject({ missing: 0, extra: 0, different: 0, keysInTarget: 30 });
    expect(await balancesOf(`${entry.collection ?? ''}_v2`)).toEqual(expected);
    expect((await connections.registry.entries()).get(entry.model.name)?.liveVersion).toBe(2);
    expect(await connections.registry.liveTarget(entry.model.name)).toMatchObject({ version: 2 });
    // Only consumed: every topic of the context ends where it did.
    expect(await contextOffsets()).toEqual(before);
  });

  it('resumes an interrupted rebuild from its checkpoint and ends correct', async () => {
    const entry = balancesEntry(stream.source);
    const interrupt = new AbortController();
    const first = rebuildProjection({
      connections,
      entry,
      signal: interrupt.signal,
      maxEventsPerSecond: 40, // slow enough to be interrupted between the partitions' batches
      onProgress: (progress) => {
        if (progress.done > 0) interrupt.abort();
      },
    });
    await expect(first).rejects.toBeInstanceOf(InterruptedError);
    const [building] = await connections.registry.versionsOf(entry.model.name);
    expect(building).toMatchObject({ version: 2, state: 'building' });
    const result = await rebuildProjection({ connections, entry, handoverMs: 100 });
    expect(result).toMatchObject({ version: 2, resumed: true, switched: true });
    expect(result.events).toBeGreaterThan(0);
    expect(result.events).toBeLessThan(300); // it went on from the checkpoint, not from the start
    expect(await balancesOf(`${entry.collection ?? ''}_v2`)).toEqual(expected);
  });

  it('verify finds a tampered and a missing MongoDB document', async () => {
    const entry = balancesEntry(stream.source);
    await rebuildProjection({ connections, entry, handoverMs: 100 });
    const collection = connections.mongo.collection<{ _id: string }>(
      `${entry.collection ?? ''}_v2`,
    );
    await collection.updateOne({ _id: 'acct-3' }, { $set: { 'view.total': 999_999 } });
    await collection.deleteOne({ _id: 'acct-4' });
    const report = await verifyTarget(connections, entry, 2);
    expect(report).toMatchObject({ different: 1, missing: 1, extra: 0 });
    expect(report.examples).toEqual(
      expect.arrayContaining([
        { key: 'acct-3', kind: 'different' },
        { key: 'acct-4', kind: 'missing' },
      ]),
    );
  });

  it('verify finds a tampered, a missing and an extra PostgreSQL row', async () => {
    const entry = depositsEntry(stream.source);
    const result = await rebuildProjection({ connections, entry, handoverMs: 100 });
    expect(result.verify).toMatchObject({ missing: 0, extra: 0, different: 0, keysInTarget: 300 });
    const [name = ''] = entry.tables;
    const table = `${quoteIdentifier(`${schema}_v2`)}.${quoteIdentifier(name)}`;
    await connections.pool.query(
      `update ${table} set amount = amount + 1 where account = 'acct-1' and version = 2`,
    );
    await connections.pool.query(`delete from ${table} where account = 'acct-2' and version = 3`);
    await connections.pool.query(`insert into ${table} values ('acct-ghost', 1, 5, now())`);
    const report = await verifyTarget(connections, entry, 2);
    expect(report).toMatchObject({ different: 1, missing: 1, extra: 1 });
    expect(report.examples.map((d) => d.key).sort()).toEqual([
      `${name}:acct-1|2`,
      `${name}:acct-2|3`,
      `${name}:acct-ghost|1`,
    ]);
  });

  it('rebuilds append-only facts from a timestamp on top of the live rows before it', async () => {
    const entry = depositsEntry(stream.source);
    await rebuildProjection({ connections, entry, handoverMs: 100 });
    const from = new Date();
    await deposit('acct-late', 7, 8, 9);
    const result = await rebuildProjection({ connections, entry, from, handoverMs: 100 });
    expect(result).toMatchObject({
      version: 3,
      previousVersion: 2,
      switched: true,
      seededRows: 300,
    });
    expect(result.verify).toMatchObject({ missing: 0, extra: 0, different: 0, keysInTarget: 303 });
  });

  it('refuses a keyed projection from a timestamp: its views would miss their earlier events', async () => {
    const entry = balancesEntry(stream.source);
    await expect(rebuildProjection({ connections, entry, from: new Date() })).rejects.toThrow(
      /keyed projection.*omit --from/,
    );
    await expect(
      rebuildProjection({ connections, entry, from: new Date() }),
    ).rejects.toBeInstanceOf(RefusedError);
    expect(await connections.registry.versionsOf(entry.model.name)).toEqual([]);
  });

  it('refuses while another live run holds the lock, and takes over a stale one', async () => {
    const entry = balancesEntry(stream.source);
    await connections.registry.prepare();
    await connections.registry.acquireLock(entry.model.name, 'elsewhere:1:crashed', 60_000);
    await expect(rebuildProjection({ connections, entry })).rejects.toBeInstanceOf(LockHeldError);
    await connections.pool.query(
      `update ${quoteIdentifier(schema)}.projection_targets set lock_heartbeat_at = now() - interval '1 hour' where projection = $1`,
      [entry.model.name],
    );
    const result = await rebuildProjection({ connections, entry, handoverMs: 100 });
    expect(result).toMatchObject({ version: 2, switched: true });
  });
});
