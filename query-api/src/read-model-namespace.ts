import { progressNameOf, type TargetSnapshot } from '@orderflow/read-targets';

/** Where a request reads each projection: collections, PostgreSQL schema, progress name. */
export type ReadTargets = Pick<TargetSnapshot, 'collection' | 'schema' | 'progressName'>;

/**
 * READ_MODEL_NAMESPACE: the query API in front of an isolated copy of the read side (a projector
 * started with the same namespace and its own READ_MODEL_SCHEMA). Unset: the live read models.
 * Letters, digits, `_` and `-` only: it becomes part of collection and progress names.
 */
export const readModelNamespace = (env: NodeJS.ProcessEnv = process.env): string | undefined => {
  const value = env.READ_MODEL_NAMESPACE?.trim() ?? '';
  if (value === '') return undefined;
  if (!/^[A-Za-z0-9_-]{1,48}$/.test(value))
    throw new Error(
      `READ_MODEL_NAMESPACE: expected up to 48 letters, digits, "_" or "-", got "${value}"`,
    );
  return value;
};

/**
 * The names a namespaced projector writes under (projectors/runner sink-for.ts): collection
 * `<collection>_<namespace>`, progress and parked events of `<projection>.<namespace>`, tables in
 * the namespace's own schema. The live version still comes from the schema's target registry,
 * which the projector keys by the plain projection name.
 */
export const inReadModelNamespace = (
  snapshot: TargetSnapshot,
  namespace: string | undefined,
): ReadTargets =>
  namespace === undefined
    ? snapshot
    : {
        collection: (projection, baseCollection) =>
          `${snapshot.collection(projection, baseCollection)}_${namespace}`,
        schema: (projection) => snapshot.schema(projection),
        progressName: (projection) =>
          progressNameOf(`${projection}.${namespace}`, snapshot.versionOf(projection)),
      };
