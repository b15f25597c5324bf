import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import {
  mongoProgressId,
  writeMongoProgress as writeProjectionProgress,
} from '@orderflow/projections';

/**
 * The read-model tables of the storage contract, column for column as the PostgreSQL projectors
 * create them (NOT NULLs, defaults): whoever runs first creates them, so they must be the same.
 */
const readModelDdl = [
  'create schema if not exists read_models',
  `create table if not exists read_models.projection_progress (
     projection text not null, topic text not null, partition integer not null,
     next_offset bigint not null, updated_at timestamptz not null default now(),
     primary key (projection, topic, partition))`,
  `create table if not exists read_models.accounts (
     id text primary key, version integer not null, view jsonb not null,
     updated_at timestamptz not null default now())`,
  `create table if not exists read_models.account_ledger (
     customer_id text not null, version integer not null, entry text not null,
     order_id text null, amount bigint not null, available_after bigint null,
     occurred_at timestamptz not null, primary key (customer_id, version))`,
  `create table if not exists read_models.sales_lines (
     order_id text not null, kind text not null check (kind in ('confirmed', 'cancelled')),
     day date not null, currency text not null, amount bigint not null,
     occurred_at timestamptz not null, primary key (order_id, kind))`,
  `create table if not exists read_models.event_history (
     context text not null, aggregate_id text not null, version integer not null,
     event_id uuid not null, event_type text not null, payload jsonb not null,
     occurred_at timestamptz not null, correlation_id text null, causation_id text null,
     command_id text null, topic text not null, partition integer not null,
     "offset" bigint not null, primary key (context, aggregate_id, version))`,
];

// Concurrent CREATE ... IF NOT EXISTS can still collide in PostgreSQL's catalog: take the same
// transaction-scoped advisory lock the projectors take for their DDL.
export const ensureReadModelTables = async (pool: Pool) => {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`select pg_advisory_xact_lock(hashtext('orderflow.read-model-ddl'))`);
    for (const statement of readModelDdl) await client.query(statement);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
};

/** As a MongoDB sink records it (the same writer): returns the document's id. */
export const writeMongoProgress = async (
  db: Db,
  position: { projection: string; topic: string; partition: number; nextOffset: bigint },
) => {
  await writeProjectionProgress(db, position.projection, [
    { ...position, nextOffset: String(position.nextOffset) },
  ]);
  return mongoProgressId(position.projection, position.topic, position.partition);
};

export const writePostgresProgress = async (
  pool: Pool,
  position: { projection: string; topic: string; partition: number; nextOffset: bigint },
) => {
  await pool.query(
    `insert into read_models.projection_progress (projection, topic, partition, next_offset)
     values ($1, $2, $3, $4)
     on conflict (projection, topic, partition) do update set next_offset = excluded.next_offset`,
    [position.projection, position.topic, position.partition, String(position.nextOffset)],
  );
};
