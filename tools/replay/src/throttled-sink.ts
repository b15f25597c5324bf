import { setTimeout as sleep } from 'node:timers/promises';
import type { ProjectionSink } from '@orderflow/projections';

/**
 * Caps a rebuild's write rate, so that rebuilding during business hours leaves the stores to
 * the live traffic. It waits after a batch until the batch's share of the budget has passed.
 */
export const throttledSink = (sink: ProjectionSink, maxEventsPerSecond: number): ProjectionSink => {
  let budgetFrom = Date.now();
  let written = 0;
  return {
    describe: sink.describe,
    prepare: () => sink.prepare(),
    write: async (batch) => {
      const poisoned = await sink.write(batch);
      written += batch.envelopes.length;
      const dueAt = budgetFrom + (written / maxEventsPerSecond) * 1000;
      const wait = dueAt - Date.now();
      if (wait > 0) await sleep(wait);
      else if (wait < -5000) {
        // Idle a while: start a new budget instead of bursting to catch up.
        budgetFrom = Date.now();
        written = 0;
      }
      return poisoned;
    },
  };
};
