import { commandsInFlight, maxOperationsPerCommand } from '@orderflow/projections';
import type { Scenario } from '../context.ts';
import type { Summary } from '../measure.ts';
import { projectorThroughput, type StoreThroughput } from '../projector-throughput.ts';
import type { Comparison } from '../report.ts';
import type { Store } from '../view-stores.ts';

const writes = {
  mongodb: `bulkWrite of replaceOne upserts in commands of ${String(maxOperationsPerCommand)}, ${String(commandsInFlight)} in flight, as the sink sends them (FerretDB 1.24 hangs on large update commands: the fair raw equivalent there)`,
  postgresql:
    'insert ... select from unnest ... on conflict do update where version <, one statement and transaction per batch',
} as const;

const names = { mongodb: 'MongoDB', postgresql: 'PostgreSQL' } as const;

const comparison = (
  store: Store,
  measured: StoreThroughput,
  raw: Summary,
  baseline: string,
): Comparison => ({
  section: `projector into ${names[store]}`,
  orderflow: {
    label: `events folded and written (${String(measured.batchSize)} events -> ${String(measured.viewsPerBatch)} version-guarded views per batch, + progress)`,
    unit: 'events/s',
    summary: measured.projector,
  },
  baseline: {
    label: `${names[store]} ${writes[store]}; ${baseline}`,
    unit: 'events/s',
    summary: raw,
  },
  better: 'higher',
});

const comparisons = (store: Store, measured: StoreThroughput | undefined) =>
  measured
    ? [
        ...(measured.rawPerEvent
          ? [
              comparison(
                store,
                measured,
                measured.rawPerEvent,
                `one view update per event, ${String(measured.batchSize)} per batch`,
              ),
            ]
          : []),
        comparison(
          store,
          measured,
          measured.rawFolded,
          `the same ${String(measured.viewsPerBatch)} views per batch, folded beforehand (the ceiling: no Kafka, decoding, read or fold)`,
        ),
      ]
    : [];

/** Issue 5: projector events/s into each store against raw writes of the same views. */
export const projectorScenario: Scenario = {
  name: 'projector',
  run: async ({ kafka, registry, logger, endpoints, mode }) => {
    // FerretDB writes a few hundred documents/s: one write per event would take many minutes.
    const perEventStores: Store[] = ['postgresql'];
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
      stores: ['mongodb', 'postgresql'],
      perEventStores,
    });
    return {
      comparisons: [
        ...comparisons('mongodb', result.mongodb),
        ...comparisons('postgresql', result.postgresql),
      ],
      notMeasured: [
        {
          section: 'projector into MongoDB',
          label: 'per-event raw baseline',
          reason:
            'FerretDB writes a few hundred documents/s: one write per event would take many minutes; the folded baseline writes the same documents as the projector',
        },
      ],
      details: {
        events: mode.projectorEvents,
        aggregates: mode.projectorAggregates,
        partitions: 3,
      },
    };
  },
};
