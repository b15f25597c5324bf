export * from './target-names.ts';
export { TargetSnapshot, type LiveTarget } from './live-target.ts';
export { LiveTargets, readLiveVersions, type LiveTargetsOptions } from './live-targets.ts';
export { TargetRegistry, type TargetVersion, type ProjectionEntry } from './registry.ts';
export { targetsChannel, quoteIdentifier, type VersionState } from './registry-schema.ts';
