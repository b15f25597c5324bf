import type { ProjectionSink, ReadModel } from '@orderflow/projections';
import { sinkFor, type TargetStores } from '@orderflow/projector';
import { allReadModels, mongoCollections, postgresKeyedTables } from '@orderflow/read-models';
import { mongoCollectionOf, pgSchemaOf } from '@orderflow/read-targets';

/** A projection the CLI can rebuild: its model and where its target lives. */
export interface CatalogEntry {
  readonly model: ReadModel;
  readonly store: 'mongodb' | 'postgresql';
  /** The version-1 collection (MongoDB) or tables (PostgreSQL). */
  readonly collection?: string;
  readonly tables: readonly string[];
  /** The sink writing version N of the target (stores.schema is the base schema). */
  readonly sink: (stores: TargetStores, version: number) => ProjectionSink;
}

export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
}

const entryOf = (model: ReadModel): CatalogEntry => {
  // The projector's own sinks: a rebuilt target is written exactly as the live one is.
  const sink = (stores: TargetStores, version: number) => sinkFor(model, stores, version);
  if (model.kind === 'append-only')
    return { model, store: 'postgresql', tables: Object.keys(model.naturalKeys), sink };
  const collection = (mongoCollections as Record<string, string | undefined>)[model.name];
  if (collection) return { model, store: 'mongodb', collection, tables: [], sink };
  const table = (postgresKeyedTables as Record<string, string | undefined>)[model.name];
  if (table) return { model, store: 'postgresql', tables: [table], sink };
  throw new Error(`no store is configured for read model ${model.name}`);
};

/** Every read model the projector runs, by name. */
export const catalog: ReadonlyMap<string, CatalogEntry> = new Map(
  (allReadModels as readonly ReadModel[]).map((model) => [model.name, entryOf(model)]),
);

export const findProjection = (name: string): CatalogEntry => {
  const entry = catalog.get(name);
  if (!entry)
    throw new UnknownProjectionError(
      `unknown projection "${name}"; known projections: ${[...catalog.keys()].join(', ')}`,
    );
  return entry;
};

/** Where version N of the projection lives, for people: `mongodb order_details_v2`. */
export const describeTarget = (entry: CatalogEntry, baseSchema: string, version: number) =>
  entry.collection
    ? `mongodb ${mongoCollectionOf(entry.collection, version)}`
    : `postgresql ${entry.tables.map((table) => `${pgSchemaOf(baseSchema, version)}.${table}`).join(', ')}`;
