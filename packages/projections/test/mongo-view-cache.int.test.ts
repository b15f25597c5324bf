import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { loadEndpoints } from '@orderflow/config';
import { uniqueName } from '@orderflow/testing';
import {
  ParkingLot,
  ProjectionRunner,
  mongoKeyedSink,
  type EventEnvelope,
  type KeyedReadModel,
} from '../src/index.ts';
import { ConcurrentWriteError } from '../src/sinks/sink.ts';
import {
  createTestStream,
  eventually,
  kafka,
  pool,
  registry,
  testLogger,
} from './support/test-stream.ts';

// The Mongo sink keeps the views it wrote and reads back only the others. The cache is a hint:
// these tests change the store behind its back and check that the version guard turns that
// into a retry that reads again and ends right, and that a rebalance makes it forget.
const topic = 'ledger.events';

interface Balance {
  readonly total: number;
  readonly deposits: number;
}

const model = (): KeyedReadModel<unknown> => ({
  kind: 'keyed',
  name: uniqueName('cached'),
  sources: [],
  evolve: (view, envelope) => {
    const current = (view as Balance | null) ?? { total: 0, deposits: 0 };
    const amount = (envelope.event.data as { amount: number }).amount;
    return { total: current.total + amount, deposits: current.deposits + 1 };
  },
});

/** Deposits of `version * 10` for versions `from..to` of every account, interleaved as on a partition. */
const deposits = (accounts: readonly string[], from: number, to: number): EventEnvelope[] => {
  const envelopes: EventEnvelope[] = [];
  for (let version = from; version <= to; version++)
    for (const account of accounts)
      envelopes.push({
        event: { type: 'Deposited', data: { amount: version * 10 } },
        context: 'ledger',
        aggregateId: account,
        version,
        eventId: `${account}-${String(version)}`,
        occurredAt: '2026-01-01T00:00:00.000Z',
        correlationId: null,
        causationId: null,
        commandId: null,
        position: { topic, partition: 0, offset: String(from * 1000 + envelopes.length) },
      });
  return envelopes;
};

const batch = (accounts: readonly string[], from: number, to: number) => ({
  envelopes: deposits(accounts, from, to),
  progress: [{ topic, partition: 0, nextOffset: String(to * 1000) }],
});

/** The view after versions 1..n: deposits of 10, 20, ... */
const balanceAt = (n: number): Balance => ({ total: (10 * n * (n + 1)) / 2, deposits: n });

// Command monitoring counts the reads the sink sends: the cache's whole point.
const monitored = new MongoClient(loadEndpoints().mongodbUrl, { monitorCommands: true });
/** The ids of the views the sink read from the collection so far (it reads them by `_id`). */
const readsOf = (collection: string) => {
  const ids: string[] = [];
  monitored.on('commandStarted', (event) => {
    const command = event.command as { find?: string; filter?: { _id?: unknown } };
    if (event.commandName === 'find' && command.find === collection)
      ids.push(JSON.stringify(command.filter?._id));
  });
  // Sorted: the sink reads a batch's views side by side, in no fixed order.
  return () => ids.map((id) => String(JSON.parse(id))).sort();
};
const stored = (collection: string) =>
  monitored
    .db()
    .collection<{ _id: string; version: number; view: Balance }>(collection)
    .find({}, { projection: { updatedAt: 0 } })
    .sort({ _id: 1 })
    .toArray();

const runners: ProjectionRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await monitored.close();
  await pool.end();
});

describe('the MongoDB keyed sink keeps the views it wrote', () => {
  it('reads only views it has not written, and everything again after a rebalance', async () => {
    const collection = uniqueName('cached').replace('-', '_');
    const sink = mongoKeyedSink({ db: monitored.db(), model: model(), collection });
    const reads = readsOf(collection);
    await sink.write(batch(['a', 'b'], 1, 2));
    expect(reads()).toEqual(['a', 'b']);
    await sink.write(batch(['a', 'b'], 3, 4));
    expect(reads()).toEqual(['a', 'b']);
    await sink.write(batch(['a', 'c'], 5, 5)); // c is new to the cache: read
    expect(reads()).toEqual(['a', 'b', 'c']);
    sink.partitionsReassigned?.();
    await sink.write(batch(['a', 'b'], 6, 6));
    expect(reads()).toEqual(['a', 'a', 'b', 'b', 'c']);
    expect(await stored(collection)).toEqual([
      { _id: 'a', version: 6, view: balanceAt(6) },
      { _id: 'b', version: 6, view: { total: balanceAt(4).total + 60, deposits: 5 } },
      { _id: 'c', version: 5, view: { total: 50, deposits: 1 } },
    ]);
  });

  it('a view changed behind its back fails the batch, and the retry reads it and ends right', async () => {
    const collection = uniqueName('cached').replace('-', '_');
    const accounts = Array.from({ length: 20 }, (_, i) => `acct-${String(i).padStart(2, '0')}`);
    const ours = mongoKeyedSink({ db: monitored.db(), model: model(), collection });
    await ours.write(batch(accounts, 1, 2));
    // Another writer (a member that owned the partition meanwhile) moves two views on.
    const theirs = mongoKeyedSink({ db: monitored.db(), model: model(), collection });
    await theirs.write(batch(['acct-03', 'acct-17'], 3, 3));

    const next = batch(accounts, 3, 4);
    await expect(ours.write(next)).rejects.toBeInstanceOf(ConcurrentWriteError);
    // The same batch again, as the runner retries it: the failure emptied the cache.
    await ours.write(next);
    expect(await stored(collection)).toEqual(
      accounts.map((id) => ({ _id: id, version: 4, view: balanceAt(4) })),
    );
    // And the cache holds what was written: the next batch applies on top without a conflict.
    await ours.write(batch(accounts, 5, 5));
    expect((await stored(collection)).map((d) => d.view)).toEqual(accounts.map(() => balanceAt(5)));
  });

  it('a view another writer created first fails the batch as a conflict, and the retry ends right', async () => {
    const collection = uniqueName('cached').replace('-', '_');
    const accounts = Array.from({ length: 16 }, (_, i) => `acct-${String(i).padStart(2, '0')}`);
    const both = batch(accounts, 1, 2);
    // Two writers read the same missing views at once and both insert them: the later inserts
    // hit duplicate keys. (Which one loses, if either, is up to the race.)
    const sinks = [0, 1].map(() =>
      mongoKeyedSink({ db: monitored.db(), model: model(), collection }),
    );
    const outcomes = await Promise.allSettled(sinks.map((sink) => sink.write(both)));
    const failures = outcomes.flatMap((o) =>
      o.status === 'rejected' ? [o.reason as unknown] : [],
    );
    for (const failure of failures) expect(failure).toBeInstanceOf(ConcurrentWriteError);
    for (const [i, outcome] of outcomes.entries())
      if (outcome.status === 'rejected') await sinks[i]?.write(both);
    expect(await stored(collection)).toEqual(
      accounts.map((id) => ({ _id: id, version: 2, view: balanceAt(2) })),
    );
  });
});

describe('the projection runner and the sink cache', () => {
  it('makes the sink forget on every rebalance, so views another member wrote are read, not guessed', async () => {
    const stream = await createTestStream();
    const collection = uniqueName('cached').replace('-', '_');
    const projection: KeyedReadModel<unknown> = { ...model(), sources: [stream.source] };
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    // Each member's sink, watched: how often it was told of a rebalance, and its failed writes
    // (a conflict there would mean it trusted a view the other member had moved on).
    const start = async () => {
      const watch = { reassigned: 0, failures: [] as unknown[] };
      const sink = mongoKeyedSink({ db: monitored.db(), model: projection, collection });
      const runner = new ProjectionRunner({
        kafka,
        registry,
        logger: testLogger,
        model: projection,
        sink: {
          ...sink,
          partitionsReassigned: () => {
            watch.reassigned += 1;
            sink.partitionsReassigned?.();
          },
          write: (written) =>
            sink.write(written).catch((error: unknown) => {
              watch.failures.push(error);
              throw error;
            }),
        },
        parking: new ParkingLot(pool, 'projections_test', projection.name),
        breaker: { failureThreshold: 3, openMs: 1_000, initialBackoffMs: 50 },
      });
      await runner.start();
      runners.push(runner);
      return { runner, watch };
    };
    const appendToAll = async (amount: number) => {
      for (const id of ids) await stream.append(id, amount);
    };
    const allAt = (version: number) =>
      eventually(
        () => stored(collection),
        (docs) => docs.length === ids.length && docs.every((d) => d.version === version),
        60_000,
      );

    await appendToAll(10);
    const first = await start();
    await allAt(1);
    expect(first.watch.reassigned).toBeGreaterThanOrEqual(1);

    // A second member joins: the partitions are split, and it writes the views of its own.
    const second = await start();
    await eventually(
      () => Promise.resolve(first.watch.reassigned + second.watch.reassigned),
      () => first.watch.reassigned >= 2 && second.watch.reassigned >= 1,
      60_000,
    );
    await appendToAll(20);
    await allAt(2);
    // It leaves: the first member gets every partition back, with views it did not write.
    const beforeLeave = first.watch.reassigned;
    await second.runner.stop();
    runners.splice(runners.indexOf(second.runner), 1);
    await eventually(
      () => Promise.resolve(first.watch.reassigned),
      (n) => n > beforeLeave,
      60_000,
    );
    await appendToAll(30);
    const docs = await allAt(3);
    expect(docs.map((d) => d.view)).toEqual(ids.map(() => ({ total: 60, deposits: 3 })));
    expect(first.watch.failures).toEqual([]);
    expect(second.watch.failures).toEqual([]);
    await stream.close();
  });
});
