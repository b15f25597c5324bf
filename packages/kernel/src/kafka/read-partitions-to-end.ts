import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { retryRetriable } from './retry-retriable.ts';

export interface PartitionRange {
  readonly topic: string;
  readonly partition: number;
  /** First offset to deliver; earlier records are skipped. */
  readonly fromOffset: string;
}

export type RecordHandler = (
  topic: string,
  partition: number,
  message: KafkaMessage,
) => Promise<void> | void;

export interface ReadOptions {
  /** Called between batches: a restore inside a group member must keep heartbeating. */
  readonly onProgress?: () => Promise<void>;
  readonly timeoutMs?: number;
  /** Stops the read: the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Reads the given partitions from an offset up to their end as of the call (read_committed).
 * KafkaJS has no manual assignment, so this joins a private, single-member consumer group,
 * seeks, and pauses every partition it was not asked for. Nothing is ever committed.
 */
export const readPartitionsToEnd = async (
  kafka: Kafka,
  ranges: readonly PartitionRange[],
  onRecord: RecordHandler,
  options: ReadOptions = {},
): Promise<void> => {
  options.signal?.throwIfAborted();
  const pending = await rangesWithData(kafka, ranges);
  if (pending.size === 0) return;
  options.signal?.throwIfAborted();

  const consumer = kafka.consumer({
    groupId: `orderflow.reader.${randomUUID()}`,
    readUncommitted: false,
    maxWaitTimeInMs: 100,
    retry: { retries: 5 },
  });
  let finish: () => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const timer = setTimeout(() => {
    fail(
      new Error(
        `reading ${[...pending.keys()].join(', ')} did not finish within ${(options.timeoutMs ?? 300_000) / 1000}s`,
      ),
    );
  }, options.timeoutMs ?? 300_000);
  // It may fail (abort, timeout) before it is awaited, while the consumer still connects.
  finished.catch(() => undefined);
  const abort = () => {
    fail(options.signal?.reason);
  };
  options.signal?.addEventListener('abort', abort, { once: true });

  try {
    // A batch holding only aborted records and transaction markers never reaches eachBatch;
    // KafkaJS reports it through this event only, and it may well be the end of a partition.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const range = pending.get(`${payload.topic}:${payload.partition}`);
      if (!range || range.done || BigInt(payload.lastOffset) + 1n < range.end) return;
      range.done = true;
      consumer.pause([{ topic: range.topic, partitions: [range.partition] }]);
      if ([...pending.values()].every((r) => r.done)) finish();
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: [...new Set([...pending.values()].map((range) => range.topic))],
      fromBeginning: true,
    });
    await consumer.run({
      autoCommit: false,
      // Resolving (not committing) moves the fetch position on; without it KafkaJS fetches
      // the same batch again and again.
      eachBatchAutoResolve: true,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const pause = () => payload.pause();
        const range = pending.get(`${batch.topic}:${batch.partition}`);
        if (!range || range.done) {
          pause();
          return;
        }
        try {
          for (const message of batch.messages) {
            if (options.signal?.aborted) return;
            if (BigInt(message.offset) >= range.from)
              await onRecord(batch.topic, batch.partition, message);
          }
          await options.onProgress?.();
        } catch (error) {
          fail(error);
          pause();
        }
      },
    });
    for (const range of pending.values()) {
      consumer.seek({
        topic: range.topic,
        partition: range.partition,
        offset: range.from.toString(),
      });
    }
    await finished;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
    await consumer.disconnect();
  }
};

interface PendingRange {
  topic: string;
  partition: number;
  from: bigint;
  end: bigint;
  done: boolean;
}

const rangesWithData = async (kafka: Kafka, ranges: readonly PartitionRange[]) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const pending = new Map<string, PendingRange>();
    for (const topic of new Set(ranges.map((range) => range.topic))) {
      const offsets = await retryRetriable(() => admin.fetchTopicOffsets(topic));
      for (const range of ranges.filter((r) => r.topic === topic)) {
        const partition = offsets.find((o) => o.partition === range.partition);
        if (!partition) throw new Error(`topic ${topic} has no partition ${range.partition}`);
        const from =
          BigInt(range.fromOffset) > BigInt(partition.low)
            ? BigInt(range.fromOffset)
            : BigInt(partition.low);
        const end = BigInt(partition.high);
        if (from < end)
          pending.set(`${topic}:${range.partition}`, {
            topic,
            partition: range.partition,
            from,
            end,
            done: false,
          });
      }
    }
    return pending;
  } finally {
    await admin.disconnect();
  }
};
