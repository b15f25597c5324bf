import type { Pool } from 'pg';
import type { RawEvent } from './decode-envelope.ts';
import { ensureSharedTables, quoteIdentifier } from './sinks/postgres-schema.ts';

export interface ParkedRecord {
  readonly id: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly aggregateId: string;
  readonly status: 'parked' | 'retry' | 'skipped' | 'resolved';
  readonly reason: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** An aggregate is identified by its events topic and id: the same id may exist in two contexts. */
export const aggregateKey = (topic: string, aggregateId: string) => `${topic}|${aggregateId}`;

/**
 * Poison events of one projection, kept in PostgreSQL with the raw record, so an operator can
 * inspect, retry (after a fix) or skip them. While an aggregate has a parked event, its later
 * events are parked behind it: a view never skips an event silently.
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
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await ensureSharedTables(client, this.schema);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async park(
    raw: RawEvent,
    aggregateId: string,
    version: number | null,
    reason: string,
  ): Promise<void> {
    const headers = Object.fromEntries(
      Object.entries(raw.message.headers ?? {}).map(([name, value]) => [
        name,
        String(Array.isArray(value) ? value[0] : value),
      ]),
    );
    await this.pool.query(
      `insert into ${this.table} (projection, topic, partition, "offset", aggregate_id, version, reason, record_key, record_value, record_headers)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (projection, topic, partition, "offset") do update set reason = excluded.reason, status = 'parked', updated_at = now()
       where ${this.table}.status in ('parked', 'retry')`,
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
        JSON.stringify(headers),
      ],
    );
  }

  /** Aggregates with an event still parked or waiting for a retry: their new events queue up. */
  async blockedAggregates(): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ topic: string; aggregate_id: string }>(
      `select distinct topic, aggregate_id from ${this.table} where projection = $1 and status in ('parked', 'retry')`,
      [this.projection],
    );
    return new Set(rows.map((row) => aggregateKey(row.topic, row.aggregate_id)));
  }

  /** Aggregates an operator asked to retry, each with all its waiting records in log order. */
  async retriesRequested(): Promise<ParkedRecord[][]> {
    const { rows } = await this.pool.query<{
      id: string;
      topic: string;
      partition: number;
      offset: string;
      aggregate_id: string;
      status: ParkedRecord['status'];
      reason: string;
      record_key: Buffer | null;
      record_value: Buffer | null;
      record_headers: Record<string, string>;
    }>(
      `select id, topic, partition, "offset", aggregate_id, status, reason, record_key, record_value, record_headers from ${this.table} p
       where projection = $1 and status in ('parked', 'retry')
         and exists (select 1 from ${this.table} r where r.projection = p.projection and r.topic = p.topic and r.aggregate_id = p.aggregate_id and r.status = 'retry')
       order by topic, aggregate_id, partition, "offset"`,
      [this.projection],
    );
    const byAggregate = new Map<string, ParkedRecord[]>();
    for (const row of rows) {
      const record: ParkedRecord = {
        id: row.id,
        topic: row.topic,
        partition: row.partition,
        offset: row.offset,
        aggregateId: row.aggregate_id,
        status: row.status,
        reason: row.reason,
        key: row.record_key,
        value: row.record_value,
        headers: row.record_headers,
      };
      const key = aggregateKey(row.topic, row.aggregate_id);
      byAggregate.set(key, [...(byAggregate.get(key) ?? []), record]);
    }
    return [...byAggregate.values()];
  }

  async markResolved(id: string): Promise<void> {
    await this.pool.query(
      `update ${this.table} set status = 'resolved', updated_at = now() where id = $1`,
      [id],
    );
  }

  async markParked(id: string, reason: string): Promise<void> {
    await this.pool.query(
      `update ${this.table} set status = 'parked', reason = $2, updated_at = now() where id = $1`,
      [id, reason],
    );
  }
}
