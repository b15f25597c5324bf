import type { Pool } from 'pg';
import { quoteIdentifier, type ProjectionRunner } from '@orderflow/projections';
import { scrapedMetric } from '@orderflow/observability';

const partitionLabels = ['projection', 'topic', 'partition'];

/**
 * The projector's metrics, read at scrape time from each runner's PartitionStats and from the
 * parked-events table, so they cannot drift from what the runners and the store say.
 * Returns the function that stops feeding them (on close).
 */
export const projectorMetrics = (
  runners: () => readonly { readonly name: string; readonly runner: ProjectionRunner }[],
  parked: { readonly pool: Pool; readonly schema: string },
) => {
  const eachPartition = (
    set: (
      labels: Record<string, string>,
      stat: ReturnType<ProjectionRunner['stats']['snapshot']>[number],
    ) => void,
  ) => {
    for (const { name, runner } of runners()) {
      for (const stat of runner.stats.snapshot()) {
        set({ projection: name, topic: stat.topic, partition: String(stat.partition) }, stat);
      }
    }
  };
  const stops = [
    scrapedMetric(
      'counter',
      'orderflow_projection_events_total',
      'Events a projection has folded and committed since the process started',
      partitionLabels,
      (metric) => {
        eachPartition((labels, stat) => {
          metric.inc(labels, stat.events);
        });
      },
    ),
    scrapedMetric(
      'gauge',
      'orderflow_projection_events_per_second',
      'Average events per second a projection folded since the process started',
      partitionLabels,
      (metric) => {
        eachPartition((labels, stat) => {
          metric.set(labels, stat.eventsPerSecond);
        });
      },
    ),
    scrapedMetric(
      'gauge',
      'orderflow_projection_lag',
      'Events between a projection and the end of its partition, at its last batch',
      partitionLabels,
      (metric) => {
        eachPartition((labels, stat) => {
          metric.set(labels, stat.lag);
        });
      },
    ),
    scrapedMetric(
      'gauge',
      'orderflow_projection_breaker_open',
      "1 while a projection's sink circuit is open or half-open",
      ['projection'],
      (metric) => {
        for (const { name, runner } of runners()) {
          metric.set({ projection: name }, runner.breaker.state === 'closed' ? 0 : 1);
        }
      },
    ),
    scrapedMetric(
      'gauge',
      'orderflow_parked_events',
      'Parked (poison or blocked) events by projection and status',
      ['projection', 'status'],
      async (metric) => {
        // Only this process's projections: replicas running others report theirs.
        const result = await parked.pool.query<{ projection: string; status: string; n: string }>(
          `select projection, status, count(*)::text as n
             from ${quoteIdentifier(parked.schema)}.parked_events
            where projection = any($1::text[])
            group by projection, status`,
          [runners().map(({ name }) => name)],
        );
        for (const row of result.rows) {
          metric.set({ projection: row.projection, status: row.status }, Number(row.n));
        }
      },
    ),
  ];
  return () => {
    for (const stop of stops) stop();
  };
};
