import { randomUUID } from 'node:crypto';
import { contextTopics } from '@orderflow/kernel';
import { postgresKeyedSink } from '@orderflow/projections';
import { modelForVersion } from '@orderflow/projector';
import { pgSchemaOf, quoteIdentifier } from '@orderflow/read-targets';
import { connect, rebuildProjection, type CatalogEntry } from '@orderflow/replay-cli';
import type { Scenario } from '../context.ts';
import { counterEvents, counterModel, preloadCounterEvents } from '../counter-events.ts';
import { repeat } from '../measure.ts';
import { projectorThroughput } from '../projector-throughput.ts';
import type { Comparison, Figure } from '../report.ts';
import { removeTallyContext } from '../topics.ts';

/**
 * Issue 7: events/s of `rebuildProjection` (the replay CLI) folding a pre-loaded events topic
 * into a new version of a PostgreSQL keyed counter view, against the projector's steady state
 * and raw upserts of the same rows, both measured here on the same events. Everything lives in
 * the scenario's own context, registry schema (READ_MODEL_SCHEMA) and MongoDB database; each
 * run rebuilds a projection of its own (no resume), without verify or switch-over, and the
 * rate is the CLI's own: events folded until the rebuild first caught up with the head.
 */
export const replayRebuildScenario: Scenario = {
  name: 'replay-rebuild',
  run: async ({ kafka, registry, logger, endpoints, mode }) => {
    const id = randomUUID().slice(0, 8);
    const context = `bench-replay-${id}`;
    const schema = `bench_replay_${id}`;
    const aggregates = mode.projectorAggregates;
    const events = counterEvents(mode.projectorEvents, aggregates);
    const saved = { schema: process.env.READ_MODEL_SCHEMA, mongo: process.env.MONGODB_URL };
    const mongoUrl = new URL(endpoints.mongodbUrl);
    mongoUrl.pathname = `/${schema}`;
    process.env.READ_MODEL_SCHEMA = schema;
    process.env.MONGODB_URL = mongoUrl.toString();
    const connections = await connect(logger);
    const entry = (run: string): CatalogEntry => {
      const model = counterModel(context, `bench-replay-counters-${run}`);
      const table = `counters_${run}`;
      return {
        model,
        store: 'postgresql',
        tables: [table],
        sink: (stores, version) =>
          postgresKeyedSink({
            pool: stores.pool,
            model: modelForVersion(model, version),
            table,
            schema: pgSchemaOf(stores.schema, version),
          }),
      };
    };
    try {
      await preloadCounterEvents({ kafka, registry, context, events, eventsPerTransaction: 500 });
      const rebuild = await repeat(
        mode.runs,
        async () => {
          const result = await rebuildProjection({
            connections,
            entry: entry(randomUUID().slice(0, 8)),
            verify: false,
            switchOver: false,
          });
          if (result.events < events.length)
            throw new Error(`rebuild folded ${String(result.events)} of ${String(events.length)}`);
          return result.eventsPerSecond;
        },
        mode.warmups,
      );
      const baselines = await projectorThroughput({
        kafka,
        registry,
        logger,
        mongodbUrl: endpoints.mongodbUrl,
        databaseUrl: endpoints.databaseUrl,
        registryUrl: endpoints.schemaRegistryUrl,
        events: mode.projectorEvents,
        aggregates,
        runs: mode.runs,
        warmups: mode.warmups,
        eventsPerTransaction: 500,
        stores: ['postgresql'],
        perEventStores: ['postgresql'],
      });
      const measured = baselines.postgresql;
      if (!measured) throw new Error('the projector baseline measured nothing');
      const orderflow: Figure = {
        label: `rebuild rate: events folded into a new PostgreSQL target version until caught up (no verify, no switch-over), ${String(events.length)} events, ${String(aggregates)} keys`,
        unit: 'events/s',
        summary: rebuild,
      };
      const against = (label: string, summary: Figure['summary']): Comparison => ({
        section: 'replay rebuild into PostgreSQL',
        orderflow,
        baseline: { label, unit: 'events/s', summary },
        better: 'higher',
      });
      const batch = `${String(measured.batchSize)} events per batch`;
      return {
        comparisons: [
          against(
            'projector steady state on the same events (keyed view, version guard, progress)',
            measured.projector,
          ),
          ...(measured.rawPerEvent
            ? [against(`raw PostgreSQL upserts, one per event, ${batch}`, measured.rawPerEvent)]
            : []),
          against(
            `raw PostgreSQL upserts of the same rows, pre-folded (${String(measured.viewsPerBatch)} views per batch of ${String(measured.batchSize)})`,
            measured.rawFolded,
          ),
        ],
        details: { events: events.length, aggregates, partitions: 3 },
      };
    } finally {
      process.env.READ_MODEL_SCHEMA = saved.schema;
      process.env.MONGODB_URL = saved.mongo;
      if (saved.schema === undefined) delete process.env.READ_MODEL_SCHEMA;
      if (saved.mongo === undefined) delete process.env.MONGODB_URL;
      const schemas = await connections.pool.query<{ name: string }>(
        `select nspname as name from pg_namespace where nspname like $1`,
        [`${schema}%`],
      );
      for (const { name } of schemas.rows)
        await connections.pool.query(`drop schema if exists ${quoteIdentifier(name)} cascade`);
      await connections.mongo.dropDatabase();
      const admin = kafka.admin();
      await admin.connect();
      const topics = contextTopics(context);
      const groups = (await admin.listGroups()).groups
        .map((g) => g.groupId)
        .filter((g) => g.includes(context) || g.includes('bench-replay-counters-'));
      if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
      await admin.disconnect();
      await removeTallyContext(kafka, endpoints.schemaRegistryUrl, topics);
      await connections.close();
    }
  },
};
