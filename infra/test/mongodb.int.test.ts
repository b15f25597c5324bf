import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MongoBulkWriteError,
  MongoClient,
  MongoServerError,
  type Collection,
  type WriteError,
} from 'mongodb';
import { loadEndpoints } from '@orderflow/config';
import { uniqueName } from '@orderflow/testing';

interface StockView {
  _id: string;
  version: number;
  available: number;
  email?: string;
}

const client = new MongoClient(loadEndpoints().mongodbUrl, { serverSelectionTimeoutMS: 10_000 });
let collection: Collection<StockView>;

beforeAll(async () => {
  await client.connect();
  collection = client.db().collection<StockView>(uniqueName('smoke'));
});

afterAll(async () => {
  await collection.drop().catch(() => undefined);
  await client.close();
});

describe('the mongodb driver against FerretDB', () => {
  it('upserts, then finds, by id', async () => {
    await collection.updateOne(
      { _id: 'sku-1' },
      { $set: { version: 1, available: 5 } },
      { upsert: true },
    );
    await collection.updateOne(
      { _id: 'sku-1' },
      { $set: { version: 2, available: 3 } },
      { upsert: true },
    );
    expect(await collection.find({ _id: 'sku-1' }).toArray()).toEqual([
      { _id: 'sku-1', version: 2, available: 3 },
    ]);
  });

  it('enforces a unique index', async () => {
    await collection.createIndex({ email: 1 }, { unique: true, sparse: true }, {});
    await collection.insertOne({ _id: 'a', version: 1, available: 0, email: 'x@example.test' });
    const duplicate = collection.insertOne({
      _id: 'b',
      version: 1,
      available: 0,
      email: 'x@example.test',
    });
    await expect(duplicate).rejects.toBeInstanceOf(MongoServerError);
    await expect(duplicate).rejects.toMatchObject({ code: 11000 });
  });

  // FerretDB 1.24 reports unordered update batches poorly when an upsert hits a duplicate key
  // (error at the wrong index, later statements skipped), so version-guarded writes use plain
  // inserts for new documents and filtered updates for existing ones: both report exactly.
  it('applies an unordered bulkWrite of inserts and version-guarded updates, a stale one matching nothing', async () => {
    const first = await collection.bulkWrite(
      [
        { insertOne: { document: { _id: 'bulk-1', version: 1, available: 10 } } },
        { insertOne: { document: { _id: 'bulk-2', version: 1, available: 20 } } },
      ],
      { ordered: false },
    );
    expect(first.insertedCount).toBe(2);

    const guardedUpdate = (_id: string, fromVersion: number, available: number) => ({
      updateOne: {
        filter: { _id, version: fromVersion },
        update: { $set: { version: fromVersion + 1, available } },
      },
    });
    const second = await collection.bulkWrite(
      [
        guardedUpdate('bulk-1', 1, 11),
        guardedUpdate('bulk-2', 0, 99),
        guardedUpdate('bulk-2', 1, 21),
      ],
      { ordered: false },
    );
    expect(second.matchedCount).toBe(2);
    expect(second.modifiedCount).toBe(2);

    const documents = await collection
      .find({ _id: { $in: ['bulk-1', 'bulk-2'] } })
      .sort({ _id: 1 })
      .toArray();
    expect(documents).toEqual([
      { _id: 'bulk-1', version: 2, available: 11 },
      { _id: 'bulk-2', version: 2, available: 21 },
    ]);
  });

  it('reports a duplicate insert in an unordered bulkWrite at its index and still applies the rest', async () => {
    await collection.insertOne({ _id: 'dup-1', version: 1, available: 1 });
    const attempt = collection.bulkWrite(
      [
        { insertOne: { document: { _id: 'dup-1', version: 9, available: 9 } } },
        { insertOne: { document: { _id: 'dup-2', version: 1, available: 2 } } },
      ],
      { ordered: false },
    );
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    const writeErrors = ([] as WriteError[]).concat((error as MongoBulkWriteError).writeErrors);
    expect(writeErrors.map((e) => [e.index, e.code])).toEqual([[0, 11000]]);
    expect(
      await collection
        .find({ _id: { $in: ['dup-1', 'dup-2'] } })
        .sort({ _id: 1 })
        .toArray(),
    ).toEqual([
      { _id: 'dup-1', version: 1, available: 1 },
      { _id: 'dup-2', version: 1, available: 2 },
    ]);
  });
});
