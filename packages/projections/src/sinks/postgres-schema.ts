import { quoteIdentifier } from '@orderflow/read-targets';
import type { PoolClient } from 'pg';

// One quoting rule for every PostgreSQL identifier Orderflow builds (read-targets owns it).
export { quoteIdentifier };

export const defaultReadModelSchema = 'read_models';

/** Tables every PostgreSQL projection shares: where each one stands, and what it parked. */
export const ensureSharedTables = async (client: PoolClient, schema: string) => {
  // Concurrent CREATE ... IF NOT EXISTS can still collide in PostgreSQL's catalog: serialise
  // schema changes (the lock is released at the end of the caller's transaction).
  await lockSchemaChanges(client);
  const s = quoteIdentifier(schema);
  await client.query(`create schema if not exists ${s}`);
  await client.query(`create table if not exists ${s}.projection_progress (
    projection text not null, topic text not null, partition integer not null, next_offset bigint not null,
    updated_at timestamptz not null default now(), primary key (projection, topic, partition))`);
  await client.query(`create table if not exists ${s}.parked_events (
    id bigserial primary key, projection text not null, topic text not null, partition integer not null,
    "offset" bigint not null, aggregate_id text not null, version integer, reason text not null,
    record_key bytea, record_value bytea, record_headers jsonb not null default '{}',
    status text not null default 'parked', parked_at timestamptz not null default now(), updated_at timestamptz not null default now(),
    unique (projection, topic, partition, "offset"))`);
  await client.query(
    `create index if not exists parked_events_blocking on ${s}.parked_events (projection, aggregate_id) where status in ('parked', 'retry')`,
  );
};

export const lockSchemaChanges = async (client: PoolClient) => {
  await client.query(`select pg_advisory_xact_lock(hashtext('orderflow.read-model-ddl'))`);
};

export const keyedTableDdl = (schema: string, table: string) =>
  `create table if not exists ${quoteIdentifier(schema)}.${quoteIdentifier(table)} (
    id text primary key, version integer not null, view jsonb not null, updated_at timestamptz not null default now())`;

export const recordProgress = async (
  client: PoolClient,
  schema: string,
  projection: string,
  positions: readonly { topic: string; partition: number; nextOffset: string }[],
) => {
  if (positions.length === 0) return;
  // All partitions of the batch in one statement; greatest() keeps a replayed batch from
  // moving a partition's progress backwards.
  await client.query(
    `insert into ${quoteIdentifier(schema)}.projection_progress (projection, topic, partition, next_offset)
     select $1, topic, partition, next_offset from unnest($2::text[], $3::int[], $4::bigint[]) as p(topic, partition, next_offset)
     on conflict (projection, topic, partition) do update set next_offset = greatest(projection_progress.next_offset, excluded.next_offset), updated_at = now()`,
    [
      projection,
      positions.map((p) => p.topic),
      positions.map((p) => p.partition),
      positions.map((p) => p.nextOffset),
    ],
  );
};
