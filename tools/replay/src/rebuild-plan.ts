import type { TargetVersion } from '@orderflow/read-targets';
import { describeTarget, type CatalogEntry } from './catalog.ts';
import type { Connections } from './connections.ts';
import { RefusedError } from './errors.ts';
import { assertSeedable } from './seed.ts';
import {
  lagOf,
  offsetsAt,
  existingSourceTopics,
  targetCheckpoint,
  topicBounds,
  type Positions,
} from './positions.ts';

/**
 * How far before `--from` the replay starts: Kafka's record timestamps and the events' own
 * occurred-at can differ by clock skew. Rows are inserted once by natural key, so the overlap
 * with the seeded rows changes nothing.
 */
export const fromOverlapMs = 5 * 60_000;

export interface RebuildPlan {
  readonly entry: CatalogEntry;
  readonly liveVersion: number;
  readonly version: number;
  /** A crashed or interrupted run of the same version, continued from its checkpoint. */
  readonly resuming: TargetVersion | undefined;
  readonly from: Date | null;
  /** Where the fold starts per partition (the beginning, or the offsets at --from). */
  readonly start: Positions;
  readonly checkpoint: Positions;
  readonly remaining: number;
  readonly target: string;
  readonly liveTarget: string;
}

const describeFrom = (from: Date | null) =>
  from ? `from ${from.toISOString()}` : 'from the beginning';

/** What a rebuild would do, or why it must not: shared by --dry-run and the real run. */
export const planRebuild = async (
  connections: Connections,
  entry: CatalogEntry,
  from: Date | null,
): Promise<RebuildPlan> => {
  const name = entry.model.name;
  if (from && entry.model.kind === 'keyed')
    throw new RefusedError(
      `${name} is a keyed projection: each view is the fold of all its aggregate's events, so a rebuild ${describeFrom(from)} ` +
        `would build views without their earlier events. Rebuild it from the beginning (omit --from).`,
    );
  if (from && from.getTime() > Date.now())
    throw new RefusedError(`--from ${from.toISOString()} is in the future`);
  const [entries, versions] = await Promise.all([
    connections.registry.entries(),
    connections.registry.versionsOf(name),
  ]);
  const liveVersion = entries.get(name)?.liveVersion ?? 1;
  const resuming = versions.find((v) => v.state === 'building');
  if (resuming && (resuming.fromTime?.getTime() ?? null) !== (from?.getTime() ?? null))
    throw new RefusedError(
      `version ${String(resuming.version)} of ${name} is already being built ${describeFrom(resuming.fromTime)}; ` +
        `resume it with the same options, or drop it first (orderflow replay drop ${name} ${String(resuming.version)})`,
    );
  if (from) await assertSeedable(connections.pool, connections.schema, entry, liveVersion);
  const version = resuming?.version ?? Math.max(liveVersion, ...versions.map((v) => v.version)) + 1;
  const topics = await existingSourceTopics(connections.admin, entry, 'nothing to rebuild from');
  const { low, high } = await topicBounds(connections.admin, topics);
  const start = from
    ? await offsetsAt(connections.admin, topics, new Date(from.getTime() - fromOverlapMs))
    : low;
  const checkpoint = resuming
    ? await targetCheckpoint(connections, entry, version)
    : new Map<string, bigint>();
  return {
    entry,
    liveVersion,
    version,
    resuming,
    from,
    start,
    checkpoint,
    remaining: lagOf(checkpoint, start, high),
    target: describeTarget(entry, connections.schema, version),
    liveTarget: describeTarget(entry, connections.schema, liveVersion),
  };
};

export const describePlan = (plan: RebuildPlan): string[] => [
  `projection      ${plan.entry.model.name} (${plan.entry.model.kind})`,
  `live            version ${String(plan.liveVersion)}: ${plan.liveTarget}`,
  plan.resuming
    ? `resume          version ${String(plan.version)}: ${plan.target}, from its checkpoint`
    : `build           version ${String(plan.version)}: ${plan.target}`,
  `replay          ${describeFrom(plan.from)}${plan.from ? ` (rows before it copied from the live target; replay starts ${String(fromOverlapMs / 60_000)} min earlier, idempotently)` : ''}`,
  `events to fold  ${String(plan.remaining)} (records up to the current end of ${[...new Set([...plan.start.keys()].map((k) => k.split('|')[0]))].join(', ')})`,
  `then            catch up with the head, verify against a fresh fold, switch the query API and the projector to version ${String(plan.version)}; version ${String(plan.liveVersion)} is kept until dropped`,
];
