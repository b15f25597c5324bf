import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '@orderflow/read-targets';
import { foldAggregates, type PoisonEvent, type StoredView } from '../fold-aggregates.ts';
import type { AppendOnlyReadModel, EventEnvelope, KeyedReadModel } from '../read-model.ts';
import {
  ensureSharedTables,
  keyedTableDdl,
  lockSchemaChanges,
  quoteIdentifier,
  recordProgress,
} from './postgres-schema.ts';
import type { ProjectionSink, SinkBatch } from './sink.ts';

// Every batch is one PostgreSQL transaction (inTransaction): the rows and the projection's
// progress commit together, so after a crash the rows and the recorded offsets always agree.

/** A keyed read model as rows `(id, version, view jsonb)`, replaced only by a higher version. */
export const postgresKeyedSink = (options: {
  pool: Pool;
  model: KeyedReadModel<unknown>;
  table: string;
  schema: string;
}): ProjectionSink => {
  const table = `${quoteIdentifier(options.schema)}.${quoteIdentifier(options.table)}`;
  return {
    describe: `postgresql ${options.schema}.${options.table}`,
    prepare: () =>
      inTransaction(options.pool, async (client) => {
        await ensureSharedTables(client, options.schema);
        await client.query(keyedTableDdl(options.schema, options.table));
      }),
    write: (batch: SinkBatch) =>
      inTransaction(options.pool, async (client) => {
        const ids = [...new Set(batch.envelopes.map((e) => e.aggregateId))];
        const { rows } = await client.query<{ id: string; version: number; view: unknown }>(
          `select id, version, view from ${table} where id = any($1) for update`,
          [ids],
        );
        const stored = new Map<string, StoredView>(rows.map((row) => [row.id, row]));
        const { views, poisoned } = foldAggregates(options.model, batch.envelopes, stored);
        // One statement for the whole batch: a batch folds into hundreds of views, and a
        // round trip per row was most of the sink's time. The ids are distinct (one view per
        // aggregate), as one INSERT ... ON CONFLICT requires.
        if (views.length > 0)
          await client.query(
            `insert into ${table} (id, version, view, updated_at)
             select id, version, view::jsonb, now() from unnest($1::text[], $2::int[], $3::text[]) as v(id, version, view)
             on conflict (id) do update set version = excluded.version, view = excluded.view, updated_at = now()
             where ${table}.version < excluded.version`,
            [
              views.map((view) => view.id),
              views.map((view) => view.version),
              views.map((view) => JSON.stringify(view.view)),
            ],
          );
        await recordProgress(client, options.schema, options.model.name, batch.progress);
        return poisoned;
      }),
  };
};

/** Append-only facts: each row inserted once, by its natural key. */
export const postgresAppendOnlySink = (options: {
  pool: Pool;
  model: AppendOnlyReadModel;
  schema: string;
}): ProjectionSink => ({
  describe: `postgresql ${options.schema} (${Object.keys(options.model.naturalKeys).join(', ')})`,
  prepare: () =>
    inTransaction(options.pool, async (client) => {
      await ensureSharedTables(client, options.schema);
      await lockSchemaChanges(client);
      for (const statement of options.model.ddl)
        await client.query(statement.replaceAll('{schema}', quoteIdentifier(options.schema)));
    }),
  write: (batch: SinkBatch) =>
    inTransaction(options.pool, async (client) => {
      const poisoned: PoisonEvent[] = [];
      // Sequenced parking: once an event of an aggregate fails, its later events wait too.
      const blocked = new Map<string, EventEnvelope>();
      const rowsByTable = new Map<string, Record<string, unknown>[]>();
      for (const envelope of batch.envelopes) {
        const aggregate = `${envelope.context}/${envelope.aggregateId}`;
        const blocker = blocked.get(aggregate);
        if (blocker) {
          poisoned.push({
            envelope,
            reason: `blocked by ${blocker.position.topic}/${String(blocker.position.partition)}@${blocker.position.offset}`,
          });
          continue;
        }
        try {
          for (const row of options.model.rowsFor(envelope))
            rowsByTable.set(row.table, [...(rowsByTable.get(row.table) ?? []), row.values]);
        } catch (error) {
          poisoned.push({
            envelope,
            reason: `rowsFor failed: ${error instanceof Error ? error.message : String(error)}`,
          });
          blocked.set(aggregate, envelope);
        }
      }
      for (const [tableName, rows] of rowsByTable)
        await insertOnce(
          client,
          options.schema,
          tableName,
          options.model.naturalKeys[tableName] ?? [],
          rows,
        );
      await recordProgress(client, options.schema, options.model.name, batch.progress);
      return poisoned;
    }),
});

const insertOnce = async (
  client: PoolClient,
  schema: string,
  table: string,
  naturalKey: readonly string[],
  rows: readonly Record<string, unknown>[],
) => {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const values: unknown[] = [];
  const tuples = rows.map(
    (row) =>
      `(${columns
        .map((column) => {
          const value = row[column];
          values.push(value !== null && typeof value === 'object' ? JSON.stringify(value) : value);
          return `$${String(values.length)}`;
        })
        .join(', ')})`,
  );
  await client.query(
    `insert into ${quoteIdentifier(schema)}.${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) values ${tuples.join(', ')}
     on conflict (${naturalKey.map(quoteIdentifier).join(', ')}) do nothing`,
    values,
  );
};
