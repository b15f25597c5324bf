import type { Admin } from 'kafkajs';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

/** The log-end offsets (high watermarks) of the topics' partitions. */
export const highWatermarks = async (admin: Admin, topics: readonly string[]) => {
  const ends = new Map<string, bigint>();
  for (const topic of topics) {
    for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
      ends.set(`${topic}/${String(partition)}`, BigInt(high));
    }
  }
  return ends;
};

/**
 * Lag of positions (next offset to apply, per topic-partition) against the high watermarks.
 * A partition without a position counts from offset 0. Transaction markers take offsets too,
 * so a caught-up partition may show one or two: bounds should allow for that.
 */
export const lagAgainst = (
  ends: ReadonlyMap<string, bigint>,
  positions: ReadonlyMap<string, bigint>,
): PartitionLag[] =>
  [...ends].map(([key, end]) => {
    const [topic = '', partition = '0'] = key.split(/\/(?=\d+$)/);
    const position = positions.get(key) ?? 0n;
    return {
      topic,
      partition: Number(partition),
      lag: Number(end > position ? end - position : 0n),
    };
  });

/** Lag of a consumer group from its committed offsets: what a restarted member would resume at. */
export const consumerGroupLag = async (
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<PartitionLag[]> => {
  const ends = await highWatermarks(admin, topics);
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const positions = new Map<string, bigint>();
  for (const { topic, partitions } of committed) {
    for (const { partition, offset } of partitions) {
      if (BigInt(offset) >= 0n) positions.set(`${topic}/${String(partition)}`, BigInt(offset));
    }
  }
  return lagAgainst(ends, positions);
};

export const totalLag = (lags: readonly PartitionLag[]) =>
  lags.reduce((sum, entry) => sum + entry.lag, 0);
