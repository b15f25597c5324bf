import { setTimeout as sleep } from 'node:timers/promises';
import type { ProjectionSink } from '@orderflow/projections';

/** After this long without a write, the budget starts afresh instead of allowing a burst. */
const idleResetMs = 5000;

/**
 * Caps a rebuild's write rate, so that rebuilding during business hours leaves the stores to
 * the live traffic. It waits after a batch until the batch's share of the budget has passed.
 */
export const throttledSink = (
  sink: ProjectionSink,
  maxEventsPerSecond: number,
  /** Ends a wait early: a run being interrupted does not sit out its budget. */
  signal?: AbortSignal,
): ProjectionSink => {
  let budgetFrom = 0;
  let written = 0;
  let lastWrite = Number.NEGATIVE_INFINITY;
  return {
    describe: sink.describe,
    prepare: () => sink.prepare(),
    ...(sink.partitionsReassigned ? { partitionsReassigned: sink.partitionsReassigned } : {}),
    write: async (batch) => {
      if (Date.now() - lastWrite > idleResetMs) {
        budgetFrom = Date.now();
        written = 0;
      }
      const poisoned = await sink.write(batch);
      written += batch.envelopes.length;
      const wait = budgetFrom + (written / maxEventsPerSecond) * 1000 - Date.now();
      if (wait > 0) await sleep(wait, undefined, signal ? { signal } : {}).catch(() => undefined);
      lastWrite = Date.now();
      return poisoned;
    },
  };
};
