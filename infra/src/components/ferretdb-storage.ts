import pg from 'pg';
import { say } from './component.ts';

const trigger = 'orderflow_ferretdb_id_index';

// FerretDB 1.24 pushes `_id` equality down to PostgreSQL as `_jsonb -> '_id' @> '"<id>"'`, which
// its own unique btree index on `(_jsonb -> '_id')` cannot serve: every find, update and replace
// by `_id` was a sequential scan of the whole collection (11.7 ms on 10k documents). A GIN index
// on the same expression serves `@>` (0.05 ms). FerretDB knows nothing of it (its metadata lists
// its own indexes only), and drops it with the collection's table.
const createIndexFunction = `
create or replace function ${trigger}() returns event_trigger language plpgsql as $$
declare
  created record;
begin
  for created in
    select objid::regclass as tbl from pg_event_trigger_ddl_commands()
     where command_tag = 'CREATE TABLE' and object_type = 'table'
  loop
    if exists (select 1 from pg_attribute
                where attrelid = created.tbl and attname = '_jsonb' and not attisdropped) then
      execute format('create index on %s using gin ((_jsonb -> %L) jsonb_path_ops)', created.tbl, '_id');
    end if;
  end loop;
end $$`;

const createTrigger = `
do $$ begin
  if not exists (select 1 from pg_event_trigger where evtname = '${trigger}') then
    create event trigger ${trigger} on ddl_command_end when tag in ('CREATE TABLE')
      execute function ${trigger}();
  end if;
end $$`;

/** FerretDB tables created before the trigger existed. */
const tablesWithoutIndex = `
select c.oid::regclass::text as tbl
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute a on a.attrelid = c.oid and a.attname = '_jsonb' and not a.attisdropped
 where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
   and not exists (select 1 from pg_index i where i.indrelid = c.oid
                    and pg_get_indexdef(i.indexrelid) like '%USING gin%jsonb_path_ops%')`;

/**
 * Tunes the PostgreSQL database FerretDB stores in, before FerretDB starts: the GIN index above
 * on every collection's table (now and when FerretDB creates one), and custom plans for every
 * statement (a generic plan, which PostgreSQL may settle on while a table is small, reads
 * `_jsonb -> $1` and cannot use an index on `_jsonb -> '_id'`). Idempotent. Needs a superuser
 * (event triggers): on a server where the configured user is not one, it is skipped with a
 * warning and FerretDB runs as before, only slower.
 */
export const tuneFerretdbStorage = async (storageUrl: string, database: string) => {
  const client = new pg.Client({ connectionString: storageUrl });
  await client.connect();
  try {
    await client.query(
      `alter database "${database.replaceAll('"', '""')}" set plan_cache_mode = force_custom_plan`,
    );
    await client.query(createIndexFunction);
    await client.query(createTrigger);
    const { rows } = await client.query<{ tbl: string }>(tablesWithoutIndex);
    for (const { tbl } of rows) {
      await client.query(`create index on ${tbl} using gin ((_jsonb -> '_id') jsonb_path_ops)`);
    }
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    say(`FerretDB storage not tuned (${(error as Error).message}): lookups by _id scan tables`);
  } finally {
    await client.end();
  }
};
