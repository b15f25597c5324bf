import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Collection, Db } from 'mongodb';
import { uniqueName } from '@orderflow/testing';
import { ParkingLot, mongoKeyedSink, type ProjectionSink } from '../src/index.ts';
import { balanceModel } from './support/balance-model.ts';
import { cleanUpRunners, startRunner } from './support/runners.ts';
import {
  committedOffsets,
  createTestStream,
  eventually,
  mongo,
  pool,
} from './support/test-stream.ts';

// A sink write given up at SINK_WRITE_TIMEOUT_MS keeps running in the driver. Retried at once,
// it and its retry read the same views and race to write them: the loser fails its version
// guard (a ConcurrentWriteError, one more breaker failure; in a bench run five of them opened
// the circuit). The retry must wait for the abandoned write instead.
const schema = 'projections_test';
const writeTimeoutMs = 2_000;

// The driver's classes keep private state: their methods must run on the real object.
const passThrough = (target: object, property: string | symbol): unknown => {
  const value: unknown = Reflect.get(target, property);
  return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
};

/**
 * The real FerretDB, with the views collection's first bulk write held until the retry has
 * read the views (or, should no retry read meanwhile, 700 ms past the deadline), and the
 * second one held until the first has landed: the exact interleaving of the race, not a hope.
 */
const racingDb = (db: Db, collection: string) => {
  const first = { retryRead: Promise.withResolvers<undefined>(), landed: false };
  const landed = Promise.withResolvers<undefined>();
  let finds = 0;
  let bulkWrites = 0;
  const gated = (views: Collection) =>
    new Proxy(views, {
      get(target, property) {
        if (property === 'find')
          return (...args: Parameters<Collection['find']>) => {
            finds += 1;
            const cursor = target.find(...args);
            if (finds < 2) return cursor;
            const toArray = cursor.toArray.bind(cursor);
            return Object.assign(cursor, {
              toArray: async () => {
                const documents = await toArray();
                first.retryRead.resolve(undefined);
                return documents;
              },
            });
          };
        if (property === 'bulkWrite')
          return async (...args: Parameters<Collection['bulkWrite']>) => {
            bulkWrites += 1;
            if (bulkWrites === 1) {
              await Promise.race([first.retryRead.promise, sleep(writeTimeoutMs + 700)]);
              const result = await target.bulkWrite(...args);
              landed.resolve(undefined);
              return result;
            }
            if (bulkWrites === 2) await Promise.race([landed.promise, sleep(10_000)]);
            return target.bulkWrite(...args);
          };
        return passThrough(target, property);
      },
    });
  return new Proxy(db, {
    get(target, property) {
      if (property === 'collection')
        return (name: string) =>
          name === collection ? gated(target.collection(name)) : target.collection(name);
      return passThrough(target, property);
    },
  });
};

cleanUpRunners();

describe('a sink write abandoned at its deadline', () => {
  it('is waited for before the retry, which then neither races it nor fails its version guard', async () => {
    const stream = await createTestStream({ partitions: 1 });
    const model = balanceModel(uniqueName('abandoned'), stream.source);
    const collection = uniqueName('abandoned').replace('-', '_');
    const real = mongoKeyedSink({ db: racingDb(mongo.db(), collection), model, collection });
    const writes = { abandoned: 0, failures: [] as string[] };
    const sink: ProjectionSink = {
      ...real,
      write: async (batch) => {
        const started = Date.now();
        try {
          return await real.write(batch);
        } catch (error) {
          writes.failures.push(error instanceof Error ? error.name : String(error));
          throw error;
        } finally {
          if (Date.now() - started >= writeTimeoutMs) writes.abandoned += 1;
        }
      },
    };
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const id of ids) await stream.append(id, 1, 2, 3);
    const runner = await startRunner({
      model,
      sink,
      parking: new ParkingLot(pool, schema, model.name),
      // One more failure than the deadline's opens the circuit for longer than the test waits.
      breaker: { failureThreshold: 2, openMs: 120_000, initialBackoffMs: 50 },
      writeTimeoutMs,
    });

    const offsets = await eventually(
      () => committedOffsets(runner.groupId, stream.topics.events),
      (partitions) => partitions.length > 0,
    );
    expect(offsets).toEqual([expect.objectContaining({ partition: 0, offset: '18' })]);
    const views = await mongo
      .db()
      .collection(collection)
      .find({}, { projection: { updatedAt: 0 } })
      .sort({ _id: 1 })
      .toArray();
    expect(views).toEqual(
      ids.map((id) => ({ _id: id, version: 3, view: { total: 6, deposits: 3 } })),
    );
    // One write abandoned, and its retry: no ConcurrentWriteError, the circuit never opened.
    expect(writes).toEqual({ abandoned: 1, failures: [] });
    expect(runner.breaker.state).toBe('closed');
    expect(runner.abandoned.running({ topic: stream.topics.events, partition: 0 })).toBe(0);
    await stream.close();
  });
});
