import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import {
  mongoKeyedSink,
  postgresAppendOnlySink,
  postgresKeyedSink,
  type ProjectionSink,
  type ReadModel,
} from '@orderflow/projections';
import { mongoCollections, mongoIndexes, postgresKeyedTables } from '@orderflow/read-models';

/** Where each read model lives: documents in MongoDB, relational views and facts in PostgreSQL. */
export const sinkFor = (
  model: ReadModel,
  stores: { mongo: Db; pool: Pool; schema: string; collectionSuffix?: string },
): ProjectionSink => {
  if (model.kind === 'append-only')
    return postgresAppendOnlySink({ pool: stores.pool, model, schema: stores.schema });
  const collection = (mongoCollections as Record<string, keyof typeof mongoIndexes | undefined>)[
    model.name
  ];
  if (collection) {
    return mongoKeyedSink({
      db: stores.mongo,
      model,
      collection: `${collection}${stores.collectionSuffix ?? ''}`,
      indexes: mongoIndexes[collection],
    });
  }
  const table = (postgresKeyedTables as Record<string, string | undefined>)[model.name];
  if (table) return postgresKeyedSink({ pool: stores.pool, model, table, schema: stores.schema });
  throw new Error(`no store is configured for read model ${model.name}`);
};
