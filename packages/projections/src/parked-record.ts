import type { KafkaMessage } from 'kafkajs';
import type { RawEvent } from './decode-envelope.ts';

/**
 * A parked event as the parking lot keeps it: the raw Kafka record (key, value, headers) with
 * where it came from and why it waits, so it can be inspected, and replayed exactly as consumed.
 */
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

/** How a retried record ended: applied, or parked again for this reason. */
export type RetryOutcome =
  { readonly resolved: true } | { readonly resolved: false; readonly reason: string };

/** An aggregate is identified by its events topic and id: the same id may exist in two contexts. */
export const aggregateKey = (topic: string, aggregateId: string) => `${topic}|${aggregateId}`;

/** A row of `parked_events` as the parking lot selects it. */
export interface ParkedRow {
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
}

/** The columns of a ParkedRow, for a select. */
export const parkedColumns = `id, topic, partition, "offset", aggregate_id, status, reason, record_key, record_value, record_headers`;

/** Kafka headers as stored: one string per name (the first value of a repeated header). */
export const recordHeaders = (raw: RawEvent): Record<string, string> =>
  Object.fromEntries(
    Object.entries(raw.message.headers ?? {}).map(([name, value]) => [
      name,
      String(Array.isArray(value) ? value[0] : value),
    ]),
  );

export const recordOf = (row: ParkedRow): ParkedRecord => ({
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
});

/** The record as the consumer saw it, to be decoded and folded again by a retry. */
export const rawEventOf = (record: ParkedRecord, context: string): RawEvent => ({
  context,
  topic: record.topic,
  partition: record.partition,
  // Only what decoding reads is kept; the rest of a Kafka message is not needed to replay it.
  message: {
    key: record.key,
    value: record.value,
    headers: record.headers,
    offset: record.offset,
    timestamp: String(Date.now()),
    attributes: 0,
    size: 0,
  } as unknown as KafkaMessage,
});
