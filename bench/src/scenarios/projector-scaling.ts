import type { BenchContext, Scenario } from '../context.ts';
import { projectorThroughput } from '../projector-throughput.ts';
import type { Comparison } from '../report.ts';

const partitions = 6;

const postgresWithInstances = async (context: BenchContext, instances: number) => {
  const { kafka, registry, logger, endpoints, mode } = context;
  const result = await projectorThroughput({
    kafka,
    registry,
    logger,
    mongodbUrl: endpoints.mongodbUrl,
    databaseUrl: endpoints.databaseUrl,
    registryUrl: endpoints.schemaRegistryUrl,
    events: mode.projectorEvents,
    aggregates: mode.projectorAggregates,
    runs: mode.runs,
    warmups: mode.warmups,
    eventsPerTransaction: 500,
    stores: ['postgresql'],
    perEventStores: ['postgresql'],
    partitions,
    instances,
  });
  if (!result.postgresql) throw new Error('no PostgreSQL projector result');
  return result.postgresql;
};

/**
 * One against two projector instances in one consumer group (PostgreSQL sink, 6 partitions:
 * 3 each), each next to the raw per-event upserts of the same run, and two against one.
 * Both instances run in this process (one event loop): what it shows is how far the sink's
 * round trips overlap, not a second core.
 */
export const projectorScalingScenario: Scenario = {
  name: 'projector-scaling',
  run: async (context) => {
    const one = await postgresWithInstances(context, 1);
    const two = await postgresWithInstances(context, 2);
    const figure = (instances: number, summary: typeof one.projector) => ({
      label: `projector into PostgreSQL, ${String(instances)} instance(s) in one group, ${String(partitions)} partitions`,
      unit: 'events/s',
      summary,
    });
    const raw = (summary: typeof one.projector) => ({
      label: 'PostgreSQL per-event upserts of the same run (see projector)',
      unit: 'events/s',
      summary,
    });
    const comparisons: Comparison[] = [
      {
        section: 'scaling: projector',
        orderflow: figure(1, one.projector),
        baseline: raw(one.rawPerEvent ?? one.rawFolded),
        better: 'higher',
      },
      {
        section: 'scaling: projector',
        orderflow: figure(2, two.projector),
        baseline: raw(two.rawPerEvent ?? two.rawFolded),
        better: 'higher',
      },
      {
        section: 'scaling: projector',
        orderflow: figure(2, two.projector),
        baseline: figure(1, one.projector),
        better: 'higher',
      },
    ];
    return { comparisons, details: { partitions } };
  },
};
