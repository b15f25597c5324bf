import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '@orderflow/read-targets';
import type { RawEvent } from './decode-envelope.ts';
import {
  parkedColumns,
  recordHeaders,
  recordOf,
  type ParkedRecord,
  type ParkedRow,
  type RetryOutcome,
} from './parked-record.ts';
import type { TopicPartition } from './partition-locks.ts';
import { ensureSharedTables, quoteIdentifier } from './sinks/postgres-schema.ts';

const pending = `status in ('parked', 'retry')`;

/**
 * Poison events of one projection, kept in PostgreSQL with the raw record, so an operator can
 * inspect, retry (after a fix) or skip them. While an aggregate has a parked event, its later
 * events are parked behind it: a view never skips an event silently.
 *
 * Statuses: `parked` waits for an operator; `retry` is replayed by the projector in log order;
 * `resolved` and `skipped` are done.
 */
export class ParkingLot {
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly projection: string,
  ) {
    this.table = `${quoteIdentifier(schema)}.parked_events`;
  }

  /** Creates the parking table (and the shared progress table) if missing. */
  async prepare(): Promise<void> {
    await inTransaction(this.pool, (client) => ensureSharedTables(client, this.schema));
  }

  /**
   * Parks a record. A poison waits for an operator (`parked`). A record `queued` behind an
   * earlier one of its aggregate waits only as long as something before it waits for an
   * operator: if nothing does (the earlier ones are being retried, or were settled by another
   * projector meanwhile), it is parked as `retry` and flows with the next retry pass, so it
   * can never be left behind with nothing in front of it.
   */
  async park(
    raw: RawEvent,
    aggregateId: string,
    version: number | null,
    reason: string,
    queued: boolean,
  ): Promise<void> {
    await this.pool.query(
      `insert into ${this.table} (projection, topic, partition, "offset", aggregate_id, version, reason, record_key, record_value, record_headers, status)
       values ($1, $2, $3::int, $4::bigint, $5, $6, $7, $8, $9, $10,
         case when $11::boolean and not exists (
           select 1 from ${this.table} e
            where e.projection = $1 and e.topic = $2 and e.aggregate_id = $5 and e.status = 'parked'
              and (e.partition, e."offset") < ($3::int, $4::bigint))
         then 'retry' else 'parked' end)
       on conflict (projection, topic, partition, "offset") do update set reason = excluded.reason, status = excluded.status, updated_at = now()
       where ${this.table}.${pending}`,
      [
        this.projection,
        raw.topic,
        raw.partition,
        raw.message.offset,
        aggregateId,
        version,
        reason,
        raw.message.key,
        raw.message.value,
        JSON.stringify(recordHeaders(raw)),
        queued,
      ],
    );
  }

  /** Aggregates of a partition with an event parked or waiting for a retry: new events queue up. */
  async blockedAggregates(partition: TopicPartition): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ aggregate_id: string }>(
      `select distinct aggregate_id from ${this.table}
        where projection = $1 and topic = $2 and partition = $3 and ${pending}`,
      [this.projection, partition.topic, partition.partition],
    );
    return new Set(rows.map((row) => row.aggregate_id));
  }

  /** Of the given partitions, those with records an operator (or a queued park) asked to retry. */
  async partitionsToRetry(among: readonly TopicPartition[]): Promise<TopicPartition[]> {
    if (among.length === 0) return [];
    const { rows } = await this.pool.query<{ topic: string; partition: number }>(
      `select distinct topic, partition from ${this.table}
        where projection = $1 and status = 'retry'
          and (topic, partition) in (select * from unnest($2::text[], $3::int[]))`,
      [this.projection, among.map((p) => p.topic), among.map((p) => p.partition)],
    );
    return rows.map((row) => ({ topic: row.topic, partition: row.partition }));
  }

  /** A partition's aggregates to retry, each with all its waiting records in log order. */
  async retriesRequested(partition: TopicPartition): Promise<ParkedRecord[][]> {
    const { rows } = await this.pool.query<ParkedRow>(
      `select ${parkedColumns} from ${this.table} p
       where projection = $1 and topic = $2 and partition = $3 and ${pending}
         and exists (select 1 from ${this.table} r where r.projection = p.projection and r.topic = p.topic and r.aggregate_id = p.aggregate_id and r.status = 'retry')
       order by aggregate_id, "offset"`,
      [this.projection, partition.topic, partition.partition],
    );
    const byAggregate = new Map<string, ParkedRecord[]>();
    for (const row of rows)
      byAggregate.set(row.aggregate_id, [
        ...(byAggregate.get(row.aggregate_id) ?? []),
        recordOf(row),
      ]);
    return [...byAggregate.values()];
  }

  /**
   * Retries one record while holding its row: an operator's skip or retry of the same record
   * waits for the outcome instead of racing it, and a record settled meanwhile (by an operator,
   * or by another projector) is left alone (`undefined`). A record that fails again is parked
   * with the later records of its aggregate that were waiting for a retry, so they wait for the
   * operator again rather than being retried in a loop behind it.
   */
  async retry(
    record: ParkedRecord,
    attempt: () => Promise<RetryOutcome>,
  ): Promise<RetryOutcome | undefined> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ status: string }>(
        `select status from ${this.table} where id = $1 for update`,
        [record.id],
      );
      const status = rows[0]?.status;
      if (status !== 'parked' && status !== 'retry') return undefined;
      const outcome = await attempt();
      if (outcome.resolved)
        await client.query(
          `update ${this.table} set status = 'resolved', updated_at = now() where id = $1`,
          [record.id],
        );
      else await this.parkAgain(client, record, outcome.reason);
      return outcome;
    });
  }

  private async parkAgain(client: PoolClient, record: ParkedRecord, reason: string) {
    await client.query(
      `update ${this.table} set status = 'parked', updated_at = now(), reason = case when id = $1 then $2 else reason end
        where id = $1
           or (projection = $3 and topic = $4 and aggregate_id = $5 and status = 'retry'
               and (partition, "offset") > ($6::int, $7::bigint))`,
      [
        record.id,
        reason,
        this.projection,
        record.topic,
        record.aggregateId,
        record.partition,
        record.offset,
      ],
    );
  }
}
