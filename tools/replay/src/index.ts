export {
  rebuildProjection,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildResult,
} from './rebuild.ts';
export { verifyTarget, hasDifferences, type VerifyReport } from './verify.ts';
export { dropVersion } from './drop.ts';
export { planRebuild, type RebuildPlan } from './rebuild-plan.ts';
export { catalog, findProjection, type CatalogEntry } from './catalog.ts';
export { connect, UnreachableError, type Connections } from './connections.ts';
export { listProjections, rebuildStatus } from './overview.ts';
