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

/**
 * A read model under another name: its own consumer group, progress and parked events, so an
 * isolated copy of the read side (READ_MODEL_NAMESPACE, with its own READ_MODEL_SCHEMA) never
 * shares partitions or progress with the live projections on the same cluster.
 */
export const inNamespace = <M extends ReadModel>(model: M, namespace: string | undefined): M =>
  namespace ? { ...model, name: `${model.name}.${namespace}` } : model;

/** Where each read model lives: documents in MongoDB, relational views and facts in PostgreSQL. */
export const sinkFor = (
  model: ReadModel,
  stores: {
    mongo: Db;
    pool: Pool;
    schema: string;
    collectionSuffix?: string;
    namespace?: string;
  },
): ProjectionSink => {
  const suffix = stores.collectionSuffix ?? (stores.namespace ? `_${stores.namespace}` : '');
  if (model.kind === 'append-only')
    return postgresAppendOnlySink({
      pool: stores.pool,
      model: inNamespace(model, stores.namespace),
      schema: stores.schema,
    });
  const named = inNamespace(model, stores.namespace);
  const collection = (mongoCollections as Record<string, keyof typeof mongoIndexes | undefined>)[
    model.name
  ];
  if (collection) {
    return mongoKeyedSink({
      db: stores.mongo,
      model: named,
      collection: `${collection}${suffix}`,
      indexes: mongoIndexes[collection],
    });
  }
  const table = (postgresKeyedTables as Record<string, string | undefined>)[model.name];
  if (table)
    return postgresKeyedSink({ pool: stores.pool, model: named, table, schema: stores.schema });
  throw new Error(`no store is configured for read model ${model.name}`);
};
