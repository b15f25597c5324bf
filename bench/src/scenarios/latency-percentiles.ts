import { percentile, summarise } from '../measure.ts';
import type { Comparison } from '../report.ts';

/**
 * p50/p95/p99 of each run's samples, then median and spread of those over the runs: the same
 * "several runs, median and spread" as the throughput figures.
 */
export const latencyComparisons = (
  orderflow: readonly (readonly number[])[],
  raw: readonly (readonly number[])[],
  samplesPerRun: number,
): Comparison[] =>
  [50, 95, 99].map((p) => ({
    section: 'latency',
    orderflow: {
      label: `p${String(p)}: POST product (Prefer: wait) -> GET with its consistency token answers the new view (${String(samplesPerRun)} sequential samples per run)`,
      unit: 'ms',
      summary: summarise(orderflow.map((samples) => percentile(samples, p))),
    },
    baseline: {
      label: `p${String(p)}: KafkaJS produce (acks=all) -> a joined consumer receives and decodes it`,
      unit: 'ms',
      summary: summarise(raw.map((samples) => percentile(samples, p))),
    },
    better: 'lower',
  }));
