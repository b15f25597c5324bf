import type { PoolClient } from 'pg';

export const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Channel the registry notifies on every switch, so readers see it within milliseconds. */
export const targetsChannel = 'orderflow_projection_targets';

export type VersionState = 'building' | 'ready' | 'retired';

/**
 * The registry: per projection, the live version and the rebuild lock (owner + heartbeat); per
 * version, its state, consumer group and the last progress a rebuild reported. A projection
 * without a row is live at version 1, so an empty registry changes nothing.
 */
export const ensureRegistry = async (client: PoolClient, schema: string) => {
  // Same lock as the read models' DDL: concurrent CREATE ... IF NOT EXISTS can collide.
  await client.query(`select pg_advisory_xact_lock(hashtext('orderflow.read-model-ddl'))`);
  const s = quoteIdentifier(schema);
  await client.query(`create schema if not exists ${s}`);
  await client.query(`create table if not exists ${s}.projection_targets (
    projection text primary key,
    live_version integer not null default 1,
    lock_owner text null,
    lock_heartbeat_at timestamptz null,
    switched_at timestamptz null,
    updated_at timestamptz not null default now())`);
  await client.query(`create table if not exists ${s}.projection_target_versions (
    projection text not null,
    version integer not null check (version >= 1),
    state text not null check (state in ('building', 'ready', 'retired')),
    group_id text not null,
    from_time timestamptz null,
    created_at timestamptz not null default now(),
    ready_at timestamptz null,
    retired_at timestamptz null,
    events bigint not null default 0,
    events_per_second double precision null,
    lag bigint null,
    phase text null,
    updated_at timestamptz not null default now(),
    primary key (projection, version))`);
};

export const undefinedTable = '42P01';
export const undefinedSchema = '3F000';

/** A registry that was never created reads as empty: everything is live at version 1. */
export const isMissingRegistry = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  (error.code === undefinedTable || error.code === undefinedSchema);
