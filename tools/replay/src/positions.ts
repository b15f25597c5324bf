import type { Admin } from 'kafkajs';
import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import { contextTopics } from '@orderflow/kernel';
import { readMongoProgress } from '@orderflow/projections';
import { pgSchemaOf, progressNameOf, quoteIdentifier } from '@orderflow/read-targets';
import type { CatalogEntry } from './catalog.ts';
import { RefusedError } from './errors.ts';

/** Offsets per `topic|partition`. */
export type Positions = ReadonlyMap<string, bigint>;

export const positionKey = (topic: string, partition: number) => `${topic}|${String(partition)}`;

export const sourceTopics = (entry: CatalogEntry) =>
  entry.model.sources.map((source) => contextTopics(source.context).events);

/**
 * The projection's source topics, refused if one does not exist (a fresh cluster before the
 * command services ran, a wrong ORDERFLOW_KAFKA_NAMESPACE): KafkaJS would fail deep inside with
 * a stack trace instead.
 */
export const existingSourceTopics = async (admin: Admin, entry: CatalogEntry, purpose: string) => {
  const topics = sourceTopics(entry);
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0)
    throw new RefusedError(`the source topics ${missing.join(', ')} do not exist: ${purpose}`);
  return topics;
};

/** Where each source partition starts (its low watermark) and ends (its high watermark). */
export const topicBounds = async (admin: Admin, topics: readonly string[]) => {
  const low = new Map<string, bigint>();
  const high = new Map<string, bigint>();
  for (const topic of topics) {
    for (const partition of await admin.fetchTopicOffsets(topic)) {
      low.set(positionKey(topic, partition.partition), BigInt(partition.low));
      high.set(positionKey(topic, partition.partition), BigInt(partition.high));
    }
  }
  return { low, high };
};

/** The first offset at or after `time` per partition (the end where nothing is that recent). */
export const offsetsAt = async (
  admin: Admin,
  topics: readonly string[],
  time: Date,
): Promise<Positions> => {
  const positions = new Map<string, bigint>();
  for (const topic of topics) {
    const high = await admin.fetchTopicOffsets(topic);
    const found = await admin.fetchTopicOffsetsByTimestamp(topic, time.getTime());
    for (const { partition, offset } of found) {
      const end = high.find((p) => p.partition === partition)?.high ?? '0';
      positions.set(positionKey(topic, partition), BigInt(offset === '-1' ? end : offset));
    }
  }
  return positions;
};

/**
 * The checkpoint a target keeps with its rows: for each partition, the next offset it will
 * apply. In PostgreSQL it commits in the same transaction as the rows; in MongoDB it is written
 * after the documents, so it never claims more than is there.
 */
export const targetCheckpoint = async (
  stores: { readonly pool: Pool; readonly mongo: Db; readonly schema: string },
  entry: CatalogEntry,
  version: number,
): Promise<Positions> => {
  const name = progressNameOf(entry.model.name, version);
  if (entry.store === 'mongodb') {
    const documents = await readMongoProgress(stores.mongo, { projection: name });
    return new Map(documents.map((d) => [positionKey(d.topic, d.partition), d.nextOffset]));
  }
  try {
    const { rows } = await stores.pool.query<{
      topic: string;
      partition: number;
      next_offset: string;
    }>(
      `select topic, partition, next_offset::text as next_offset
         from ${quoteIdentifier(pgSchemaOf(stores.schema, version))}.projection_progress where projection = $1`,
      [name],
    );
    return new Map(rows.map((r) => [positionKey(r.topic, r.partition), BigInt(r.next_offset)]));
  } catch (error) {
    // No progress table yet: the target has folded nothing.
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === '42P01')
      return new Map();
    throw error;
  }
};

/** Records between the checkpoint (or `start` where it has none) and the end, summed. */
export const lagOf = (checkpoint: Positions, start: Positions, end: Positions): number => {
  let lag = 0n;
  for (const [key, high] of end) {
    const at = checkpoint.get(key) ?? start.get(key) ?? 0n;
    if (high > at) lag += high - at;
  }
  return Number(lag);
};

/** Records from `start` to the checkpoint, summed: how much of the work is done. */
export const doneOf = (checkpoint: Positions, start: Positions): number => {
  let done = 0n;
  for (const [key, at] of checkpoint) {
    const from = start.get(key) ?? 0n;
    if (at > from) done += at - from;
  }
  return Number(done);
};
