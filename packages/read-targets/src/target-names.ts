import { namespaced } from '@orderflow/config';

/**
 * Where version N of a projection lives. Version 1 is where the read models always lived, so
 * nothing that existed before the registry moves; a rebuild writes version N+1 next to it.
 *
 * - MongoDB: collection `<base>_v<N>` in the same database.
 * - PostgreSQL: schema `<base schema>_v<N>` with the same table names. A schema rather than a
 *   table suffix: the models' DDL and the sinks already take the schema as a parameter, the
 *   shadow gets its own progress table (its checkpoint commits with its rows), and indexes keep
 *   their names.
 * - Progress rows and parked events of version N carry the name `<projection>.v<N>`, so two
 *   versions never share a checkpoint.
 */
export const defaultRegistrySchema = 'read_models';

export const pgSchemaOf = (baseSchema: string, version: number) =>
  version === 1 ? baseSchema : `${baseSchema}_v${String(version)}`;

export const mongoCollectionOf = (baseCollection: string, version: number) =>
  version === 1 ? baseCollection : `${baseCollection}_v${String(version)}`;

export const progressNameOf = (projection: string, version: number) =>
  version === 1 ? projection : `${projection}.v${String(version)}`;

/**
 * The consumer group the registry records for version 1 (what `drop` of a retired version 1
 * deletes). The projector runs version 1 in `projection.<name>` whatever the schema (only
 * READ_MODEL_NAMESPACE renames it), so this is that group for the default schema; for another
 * schema it names no group, and a drop there cannot delete a group another projector still uses.
 * Inside the process's Kafka namespace, as the projector's own groups are: a stack under
 * ORDERFLOW_KAFKA_NAMESPACE never names (or deletes) another stack's groups.
 */
export const initialGroupId = (
  projection: string,
  baseSchema: string,
  env: NodeJS.ProcessEnv = process.env,
) =>
  namespaced(
    baseSchema === defaultRegistrySchema
      ? `projection.${projection}`
      : `projection.${baseSchema}.${projection}`,
    env,
  );

/**
 * The consumer group of a rebuilt version, stored in the registry. The nonce makes it new even
 * when a dropped version number is used again, so it never starts from stale offsets.
 */
export const rebuildGroupId = (
  projection: string,
  baseSchema: string,
  version: number,
  nonce: string,
  env: NodeJS.ProcessEnv = process.env,
) => `${initialGroupId(projection, baseSchema, env)}.v${String(version)}.${nonce}`;
