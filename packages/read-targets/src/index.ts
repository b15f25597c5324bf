export * from './target-names.ts';
export { TargetSnapshot, type LiveTarget } from './live-target.ts';
export { LiveTargets, readLiveVersions, type LiveTargetsOptions } from './live-targets.ts';
export { TargetRegistry } from './registry.ts';
export type { TargetVersion, ProjectionEntry } from './target-version.ts';
export { targetsChannel, quoteIdentifier, type VersionState } from './registry-schema.ts';
export { inTransaction } from './in-transaction.ts';
export { createMongoClient, createPgPool, storeTimeouts } from './store-clients.ts';
