import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParkingLot, ProjectionRunner, type ProjectionSink } from '@orderflow/projections';
import { progressNameOf, rebuildGroupId } from '@orderflow/read-targets';
import type { CatalogEntry } from './catalog.ts';
import type { Connections } from './connections.ts';
import { VerifyFailedError } from './errors.ts';
import { LockKeeper, newLockOwner } from './lock-keeper.ts';
import { targetCheckpoint } from './positions.ts';
import { progressWatch } from './progress-watch.ts';
import { placeGroup, stopGate } from './run-controls.ts';
import { planRebuild, type RebuildPlan } from './rebuild-plan.ts';
import { seedFromLive } from './seed.ts';
import { throttledSink } from './throttled-sink.ts';
import { hasDifferences, verifyTarget, type VerifyReport } from './verify.ts';

export interface RebuildProgress {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
  readonly lag: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds: number | null;
}

export interface RebuildOptions {
  readonly connections: Connections;
  readonly entry: CatalogEntry;
  readonly from?: Date | null;
  readonly onPlan?: (plan: RebuildPlan) => void;
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly onPhase?: (phase: string) => void;
  /** Ctrl-C: stop cleanly, keep the checkpoint, release the lock. */
  readonly signal?: AbortSignal;
  /** Compare with a fresh fold before switching (default true). */
  readonly verify?: boolean;
  /** Make the new version live (default true); false leaves it ready to verify by hand. */
  readonly switchOver?: boolean;
  /** How long the rebuild keeps the new target current after the switch (default 3000 ms). */
  readonly handoverMs?: number;
  readonly maxEventsPerSecond?: number;
  readonly tickMs?: number;
}

export interface RebuildResult {
  readonly projection: string;
  readonly version: number;
  readonly previousVersion: number;
  readonly resumed: boolean;
  readonly seededRows: number;
  /** Events folded by this run until it first caught up with the head. */
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly verify: VerifyReport | undefined;
  readonly switched: boolean;
}

/**
 * Rebuilds a projection into a new version of its target, then makes it live. See README
 * "Replay" for the protocol. It only consumes: no producer is ever created, so no policy runs
 * and no event is written.
 */
export const rebuildProjection = async (options: RebuildOptions): Promise<RebuildResult> => {
  const { connections, entry } = options;
  const name = entry.model.name;
  const plan = await planRebuild(connections, entry, options.from ?? null);
  options.onPlan?.(plan);
  await connections.registry.prepare();
  const lock = await LockKeeper.acquire(connections.registry, name, newLockOwner());
  const phase = async (text: string) => {
    options.onPhase?.(text);
    await connections.registry.setPhase(name, plan.version, text);
  };
  let runner: ProjectionRunner | undefined;
  let stopping = false;
  try {
    if (!plan.resuming)
      await connections.registry.createVersion(name, plan.version, 'pending', plan.from);
    let sink: ProjectionSink = entry.sink(connections, plan.version);
    if (options.maxEventsPerSecond)
      sink = throttledSink(sink, options.maxEventsPerSecond, options.signal);
    sink = stopGate(sink, () => stopping || options.signal?.aborted === true);
    await sink.prepare();
    let seededRows = 0;
    if (plan.from && !plan.resuming) {
      await phase('seeding');
      seededRows = await seedFromLive(
        connections.pool,
        connections.schema,
        entry,
        { live: plan.liveVersion, target: plan.version },
        plan.from,
      );
    }
    // Every run consumes in a group of its own, placed at the target's checkpoint (or the start):
    // a crashed run's group, whose dead member would block a rejoin for a session, is left behind.
    const groupId = rebuildGroupId(
      name,
      connections.schema,
      plan.version,
      randomUUID().slice(0, 8),
    );
    const checkpoint = await targetCheckpoint(connections, entry, plan.version);
    await placeGroup(connections, groupId, plan.start, checkpoint);
    await connections.registry.setGroup(name, plan.version, groupId);
    const stopRunner = async (running: ProjectionRunner) => {
      stopping = true;
      await running.stop();
      stopping = false;
    };
    const startRunner = async () => {
      const started = new ProjectionRunner({
        kafka: connections.kafka,
        registry: connections.schemaRegistry,
        logger: connections.logger,
        model: entry.model,
        sink,
        groupId,
        parking: new ParkingLot(
          connections.pool,
          connections.schema,
          progressNameOf(name, plan.version),
        ),
      });
      await started.start();
      return started;
    };
    const watch = progressWatch(options, plan, lock, checkpoint);
    await phase('folding');
    runner = await startRunner();
    const folded = await watch.untilCaughtUp('folding');
    let verify: VerifyReport | undefined;
    if (options.verify ?? true) {
      // Verified while still: the runner stops (offsets committed) and the target holds.
      await stopRunner(runner);
      runner = undefined;
      await phase('verifying');
      verify = await verifyTarget(connections, entry, plan.version);
      if (hasDifferences(verify))
        throw new VerifyFailedError(
          `version ${String(plan.version)} of ${name} differs from a fresh fold (${String(verify.missing)} missing, ${String(verify.extra)} extra, ${String(verify.different)} different); not switched`,
        );
      runner = await startRunner();
      await watch.untilCaughtUp('catching up');
    }
    let switched = false;
    if (options.switchOver ?? true) {
      lock.check();
      await phase('switching');
      await connections.registry.switchLive(name, plan.version, lock.owner);
      switched = true;
      // Keeps the new target current until the live projector has moved into this group.
      options.onPhase?.('handover');
      await sleep(options.handoverMs ?? 3000);
    }
    await stopRunner(runner);
    runner = undefined;
    return {
      projection: name,
      version: plan.version,
      previousVersion: plan.liveVersion,
      resumed: plan.resuming !== undefined,
      seededRows,
      ...folded,
      verify,
      switched,
    };
  } finally {
    stopping = true;
    await runner?.stop().catch(() => undefined);
    await lock.release().catch(() => undefined);
  }
};
