import type { ProjectionSink } from '@orderflow/projections';
import { rate } from './measure.ts';

export interface TimedSink {
  readonly sink: ProjectionSink;
  /** Events/s from the first committed batch to the one whose progress reaches the end offsets. */
  readonly finished: (timeoutMs: number) => Promise<number>;
  /** Events per sink write, on average: what a raw baseline batch should hold. */
  readonly eventsPerWrite: () => number;
  /** Views written per sink write: one per aggregate of the batch, however many its events. */
  readonly viewsPerWrite: () => number;
}

/**
 * Times a sink from inside the runner: a write that returns has committed its views and its
 * progress, so the clock reads the sink's own progress with no polling of the store under test.
 * Start-up (topic checks, registry lookups, the group join, the first fetch) is left out:
 * the clock starts when the first batch is committed, as the kernel scenario does.
 */
export const timedSink = (
  sink: ProjectionSink,
  endOffsets: ReadonlyMap<string, bigint>,
): TimedSink => {
  const reached = new Map<string, bigint>();
  let first: { events: number; at: bigint } | undefined;
  let events = 0;
  let writes = 0;
  let views = 0;
  let finish: (perSecond: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });
  return {
    // A runner that crashes or stalls never reaches the end: fail the run instead of hanging.
    finished: async (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`${sink.describe}: end offsets not reached within ${timeoutMs} ms`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([done, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    eventsPerWrite: () => (writes === 0 ? 0 : events / writes),
    viewsPerWrite: () => (writes === 0 ? 0 : views / writes),
    sink: {
      ...sink,
      write: async (batch) => {
        const poisoned = await sink.write(batch);
        events += batch.envelopes.length;
        writes += 1;
        views += new Set(batch.envelopes.map((e) => e.aggregateId)).size;
        first ??= { events, at: process.hrtime.bigint() };
        for (const p of batch.progress)
          reached.set(`${p.topic}/${String(p.partition)}`, BigInt(p.nextOffset));
        const done = [...endOffsets].every(([key, end]) => (reached.get(key) ?? 0n) >= end);
        if (done) finish(rate(events - first.events, first.at));
        return poisoned;
      },
    },
  };
};
