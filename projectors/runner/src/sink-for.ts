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
import { mongoCollectionOf, pgSchemaOf, progressNameOf } from '@orderflow/read-targets';

/**
 * A read model under another name: its own consumer group, progress and parked events, so an
 * isolated copy of the read side (READ_MODEL_NAMESPACE, with its own READ_MODEL_SCHEMA) never
 * shares partitions or progress with the live projections on the same cluster.
 */
export const inNamespace = <M extends ReadModel>(model: M, namespace: string | undefined): M =>
  namespace ? { ...model, name: `${model.name}.${namespace}` } : model;

export interface TargetStores {
  readonly mongo: Db;
  readonly pool: Pool;
  /** The read models' base schema (version 1); version N lives in `<schema>_v<N>`. */
  readonly schema: string;
  readonly collectionSuffix?: string;
  readonly namespace?: string;
}

/**
 * A model as version N of its target runs it: renamed `<name>.v<N>` so its progress rows, parked
 * events and default consumer group never mix with another version's. Version 1 is unchanged.
 */
export const modelForVersion = <M extends ReadModel>(model: M, version: number): M => ({
  ...model,
  name: progressNameOf(model.name, version),
});

/** Where each read model lives: documents in MongoDB, relational views and facts in PostgreSQL. */
export const sinkFor = (model: ReadModel, stores: TargetStores, version = 1): ProjectionSink => {
  const named = modelForVersion(inNamespace(model, stores.namespace), version);
  const schema = pgSchemaOf(stores.schema, version);
  const suffix = stores.collectionSuffix ?? (stores.namespace ? `_${stores.namespace}` : '');
  if (named.kind === 'append-only')
    return postgresAppendOnlySink({ pool: stores.pool, model: named, schema });
  const collection = (mongoCollections as Record<string, keyof typeof mongoIndexes | undefined>)[
    model.name
  ];
  if (collection) {
    return mongoKeyedSink({
      db: stores.mongo,
      model: named,
      collection: `${mongoCollectionOf(collection, version)}${suffix}`,
      indexes: mongoIndexes[collection],
    });
  }
  const table = (postgresKeyedTables as Record<string, string | undefined>)[model.name];
  if (table) return postgresKeyedSink({ pool: stores.pool, model: named, table, schema });
  throw new Error(`no store is configured for read model ${model.name}`);
};
