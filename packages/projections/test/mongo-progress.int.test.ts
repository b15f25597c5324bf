import { afterAll, describe, expect, it } from 'vitest';
import { uniqueName } from '@orderflow/testing';
import {
  mongoKeyedSink,
  mongoProgressId,
  progressCollection,
  readMongoProgress,
  type EventEnvelope,
  type KeyedReadModel,
} from '../src/index.ts';
import { mongo } from './support/test-stream.ts';

// A MongoDB projection's progress must only move forwards, like PostgreSQL's greatest(): a late
// batch (a write abandoned at its deadline, a zombie member after a rebalance) that lands after
// a newer one must not make the query API's read-your-writes believe the projection went back.
const topic = 'ledger.events';

const model = (): KeyedReadModel<unknown> => ({
  kind: 'keyed',
  name: uniqueName('progress'),
  sources: [],
  evolve: (view, envelope) =>
    ((view as number | null) ?? 0) + (envelope.event.data as { amount: number }).amount,
});

/** Versions `from..to` of one account, at offsets `from..to` of partition 0. */
const deposits = (from: number, to: number): EventEnvelope[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    event: { type: 'Deposited', data: { amount: 1 } },
    context: 'ledger',
    aggregateId: 'account',
    version: from + i,
    eventId: `account-${String(from + i)}`,
    occurredAt: '2026-01-01T00:00:00.000Z',
    correlationId: null,
    causationId: null,
    commandId: null,
    position: { topic, partition: 0, offset: String(from + i) },
  }));

const setUp = async () => {
  const projection = model();
  const sink = mongoKeyedSink({
    db: mongo.db(),
    model: projection,
    collection: uniqueName('progress').replace('-', '_'),
  });
  await sink.prepare();
  const progress = async () =>
    (await readMongoProgress(mongo.db(), { projection: projection.name }))
      .map((p) => [p.partition, p.nextOffset] as const)
      .sort(([a], [b]) => a - b);
  return { projection, sink, progress };
};

afterAll(async () => {
  await mongo.close();
});

describe('MongoDB projection progress', () => {
  it('is not moved backwards by a late batch, and compares offsets as numbers', async () => {
    const { sink, progress } = await setUp();
    // "999" sorts after "1000" as a string: progress kept as text would never reach 1000.
    await sink.write({
      envelopes: deposits(1, 2),
      progress: [
        { topic, partition: 0, nextOffset: '999' },
        { topic, partition: 1, nextOffset: '7' },
      ],
    });
    await sink.write({
      envelopes: deposits(3, 4),
      progress: [{ topic, partition: 0, nextOffset: '1000' }],
    });
    expect(await progress()).toEqual([
      [0, 1000n],
      [1, 7n],
    ]);

    // The zombie's batch lands last: its views are below the stored version, its progress too.
    await sink.write({
      envelopes: deposits(1, 2),
      progress: [
        { topic, partition: 0, nextOffset: '999' },
        { topic, partition: 1, nextOffset: '3' },
      ],
    });
    expect(await progress()).toEqual([
      [0, 1000n],
      [1, 7n],
    ]);

    // Past 2^53 an offset is still exact (int64, not a double).
    await sink.write({
      envelopes: [],
      progress: [{ topic, partition: 1, nextOffset: '9007199254740993' }],
    });
    expect(await progress()).toEqual([
      [0, 1000n],
      [1, 9007199254740993n],
    ]);
  });

  it('takes over progress written as text before it was monotonic, then only moves it forwards', async () => {
    const projection = model();
    const id = mongoProgressId(projection.name, topic, 0);
    await mongo
      .db()
      .collection<{
        _id: string;
        projection: string;
        topic: string;
        partition: number;
        nextOffset: string;
      }>(progressCollection)
      .insertOne({ _id: id, projection: projection.name, topic, partition: 0, nextOffset: '1200' });
    const sink = mongoKeyedSink({
      db: mongo.db(),
      model: projection,
      collection: uniqueName('progress').replace('-', '_'),
    });
    await sink.prepare();
    const stored = async () =>
      (await readMongoProgress(mongo.db(), { _id: id })).map((p) => p.nextOffset);
    expect(await stored()).toEqual([1200n]);

    await sink.write({ envelopes: [], progress: [{ topic, partition: 0, nextOffset: '800' }] });
    expect(await stored()).toEqual([1200n]);
    await sink.write({ envelopes: [], progress: [{ topic, partition: 0, nextOffset: '1300' }] });
    expect(await stored()).toEqual([1300n]);
  });
});
