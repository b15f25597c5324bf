import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import type { Logger } from 'pino';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { contextTopics } from '@orderflow/kernel';
import { ParkingLot, ProjectionRunner } from '@orderflow/projections';
import { quoteIdentifier } from '../../packages/projections/src/sinks/postgres-schema.ts';
import {
  counterEvents,
  counterModel,
  expectFinalViews,
  layout,
  preloadCounterEvents,
  type CounterEvent,
} from './counter-events.ts';
import { summarise, type Summary } from './measure.ts';
import { timedSink } from './timed-sink.ts';
import { removeTallyContext } from './topics.ts';
import { mongoViewStore, postgresViewStore, type Store, type ViewStore } from './view-stores.ts';

export type { Store } from './view-stores.ts';

export interface ProjectorThroughputOptions {
  readonly kafka: Kafka;
  readonly registry: SchemaRegistry;
  readonly logger: Logger;
  readonly mongodbUrl: string;
  readonly databaseUrl: string;
  /** Where the run's subjects are deleted when it is done. */
  readonly registryUrl: string;
  readonly events: number;
  readonly aggregates: number;
  readonly runs: number;
  readonly warmups: number;
  readonly eventsPerTransaction: number;
  readonly stores: readonly Store[];
  /** Partitions of the events topic (3 unless given). */
  readonly partitions?: number;
  /** Projector instances in one consumer group (1 unless given): scaling. */
  readonly instances?: number;
  /** Stores that also get the per-event raw baseline (slow on FerretDB: see mode.ts). */
  readonly perEventStores: readonly Store[];
}

export interface StoreThroughput {
  /** Events/s projected, steady state. */
  readonly projector: Summary;
  /** Events/s written raw as one view update per event, in batches of `batchSize`. */
  readonly rawPerEvent: Summary | undefined;
  /** Events/s written raw as the same views the projector writes per batch (pre-folded). */
  readonly rawFolded: Summary;
  /** Events per sink write the projector got (median over runs): the raw batch size. */
  readonly batchSize: number;
  /** Views the projector wrote per sink write (median over runs): it folds a batch first. */
  readonly viewsPerBatch: number;
}

export type ProjectorThroughputResult = Partial<Record<Store, StoreThroughput>>;

interface Scenario {
  readonly options: ProjectorThroughputOptions;
  readonly context: string;
  readonly events: readonly CounterEvent[];
  readonly endOffsets: ReadonlyMap<string, bigint>;
  readonly pool: pg.Pool;
  readonly groupIds: string[];
}

const runTimeoutMs = 300_000;

/**
 * Events/s a ProjectionRunner folds from a pre-loaded events topic into a keyed counter model,
 * per store, each against a raw bulk write of the same view updates in batches of the size the
 * projector got. Every run reads from offset 0 with its own consumer group, collection and
 * schema, checks the views it produced, and drops them.
 */
export const projectorThroughput = async (
  options: ProjectorThroughputOptions,
): Promise<ProjectorThroughputResult> => {
  const context = `bench-projector-${randomUUID().slice(0, 8)}`;
  const topics = contextTopics(context);
  const events = counterEvents(options.events, options.aggregates);
  const admin = options.kafka.admin();
  const pool = new pg.Pool({ connectionString: options.databaseUrl });
  // An idle client that loses its connection (a database restarted by another session) emits
  // on the pool; unheard, it ends the process. The next query fails and the run is retried.
  pool.on('error', () => undefined);
  const groupIds: string[] = [];
  // Only a run that measures MongoDB connects to it.
  let mongo: MongoClient | undefined;
  const viewStore = async (store: Store) => {
    if (store === 'postgresql') return postgresViewStore(pool);
    mongo ??= await new MongoClient(options.mongodbUrl).connect();
    return mongoViewStore(mongo.db());
  };
  try {
    await preloadCounterEvents({ ...options, context, events });
    await admin.connect();
    // High watermarks count the last commit markers: the runner's progress counts them too.
    const endOffsets = new Map(
      (await admin.fetchTopicOffsets(topics.events)).map((p) => [
        `${topics.events}/${String(p.partition)}`,
        BigInt(p.high),
      ]),
    );
    const scenario = { options, context, events, endOffsets, pool, groupIds };
    const result: ProjectorThroughputResult = {};
    for (const store of options.stores)
      result[store] = await throughputInto(scenario, await viewStore(store));
    return result;
  } finally {
    if (groupIds.length > 0) await admin.deleteGroups(groupIds);
    await admin.disconnect();
    await removeTallyContext(options.kafka, options.registryUrl, topics);
    await Promise.all([mongo?.close(), pool.end()]);
  }
};

/**
 * Takes turns (projector, then its raw baselines, run after run), as repeatInTurns does: on a
 * shared machine whose load changes by the minute, a projector measured in one stretch and its
 * baseline in the next would compare two different machines. Each raw run writes batches of the
 * size the projector run just before it got.
 */
const throughputInto = async (scenario: Scenario, store: ViewStore): Promise<StoreThroughput> => {
  const { runs, warmups, perEventStores } = scenario.options;
  const perEvent = perEventStores.includes(store.name);
  const measured = { projector: [] as number[], folded: [] as number[], perEvent: [] as number[] };
  const eventsPerWrite: number[] = [];
  const viewsPerWrite: number[] = [];
  for (let run = -warmups; run < runs; run++) {
    const projector = await measureProjector(scenario, store);
    const raw = (views: 'per-event' | 'folded') =>
      store.rawBulkWrite({
        events: scenario.events,
        batchSize: Math.round(projector.eventsPerWrite),
        views,
        partitions: scenario.options.partitions ?? layout.partitions,
      });
    const folded = await raw('folded');
    const perEventRate = perEvent ? await raw('per-event') : undefined;
    if (run < 0) continue; // warm-up
    measured.projector.push(projector.perSecond);
    measured.folded.push(folded);
    if (perEventRate !== undefined) measured.perEvent.push(perEventRate);
    eventsPerWrite.push(projector.eventsPerWrite);
    viewsPerWrite.push(projector.viewsPerWrite);
  }
  return {
    projector: summarise(measured.projector),
    rawPerEvent: perEvent ? summarise(measured.perEvent) : undefined,
    rawFolded: summarise(measured.folded),
    batchSize: Math.round(summarise(eventsPerWrite).median),
    viewsPerBatch: Math.round(summarise(viewsPerWrite).median),
  };
};

const measureProjector = async (scenario: Scenario, store: ViewStore) => {
  const id = randomUUID().slice(0, 8);
  const run = {
    model: counterModel(scenario.context, `bench-counters-${id}`),
    schema: `bench_projector_${id}`,
    collection: `bench_counters_${id}`,
  };
  const timed = timedSink(store.sink(run), scenario.endOffsets);
  const groupId = `bench.${run.model.name}`;
  scenario.groupIds.push(groupId);
  // Several instances share the group (and the timed sink): the partitions are split between
  // them, as between projector processes.
  const runners = Array.from(
    { length: scenario.options.instances ?? 1 },
    () =>
      new ProjectionRunner({
        kafka: scenario.options.kafka,
        registry: scenario.options.registry,
        logger: scenario.options.logger,
        model: run.model,
        sink: timed.sink,
        // The parking lot lives in PostgreSQL whatever the sink, in the run's schema.
        parking: new ParkingLot(scenario.pool, run.schema, run.model.name),
        groupId,
      }),
  );
  try {
    await Promise.all(runners.map((runner) => runner.start()));
    const perSecond = await timed.finished(runTimeoutMs);
    expectFinalViews(await store.views(run), scenario.events);
    return {
      perSecond,
      eventsPerWrite: timed.eventsPerWrite(),
      viewsPerWrite: timed.viewsPerWrite(),
    };
  } finally {
    await Promise.all(runners.map((runner) => runner.stop()));
    await store.drop(run);
    await scenario.pool.query(`drop schema if exists ${quoteIdentifier(run.schema)} cascade`);
  }
};
