import { setTimeout as sleep } from 'node:timers/promises';
import { InterruptedError } from './errors.ts';
import type { LockKeeper } from './lock-keeper.ts';
import {
  doneOf,
  lagOf,
  sourceTopics,
  targetCheckpoint,
  topicBounds,
  type Positions,
} from './positions.ts';
import type { RebuildOptions } from './rebuild.ts';
import type { RebuildPlan } from './rebuild-plan.ts';

/** Samples the target's checkpoint against the head: progress, rate, ETA, and when it caught up. */
export const progressWatch = (
  options: RebuildOptions,
  plan: RebuildPlan,
  lock: LockKeeper,
  initial: Positions,
) => {
  const { connections, entry } = options;
  const topics = sourceTopics(entry);
  const startedAt = Date.now();
  const doneAtStart = doneOf(initial, plan.start);
  let lastReport = 0;
  return {
    untilCaughtUp: async (phase: string) => {
      for (;;) {
        if (options.signal?.aborted)
          throw new InterruptedError(
            `interrupted; version ${String(plan.version)} of ${entry.model.name} keeps its checkpoint: run the same command again to resume`,
          );
        lock.check();
        const { high } = await topicBounds(connections.admin, topics);
        const checkpoint = await targetCheckpoint(connections, entry, plan.version);
        const done = doneOf(checkpoint, plan.start);
        const lag = lagOf(checkpoint, plan.start, high);
        const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
        const eventsPerSecond = (done - doneAtStart) / seconds;
        const progress = {
          phase,
          done,
          total: done + lag,
          lag,
          eventsPerSecond,
          etaSeconds: eventsPerSecond > 0 ? lag / eventsPerSecond : null,
        };
        options.onProgress?.(progress);
        if (Date.now() - lastReport > 2000 || lag === 0) {
          lastReport = Date.now();
          await connections.registry.reportProgress(entry.model.name, plan.version, {
            phase,
            events: done,
            eventsPerSecond,
            lag,
          });
        }
        if (lag === 0) return { events: done - doneAtStart, seconds, eventsPerSecond };
        await sleep(options.tickMs ?? 500);
      }
    },
  };
};
