import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { readPartitionsToEnd } from '../kafka/read-partitions-to-end.ts';
import { readDeadlineRecord, type PendingRecord } from './deadline-changelog.ts';

export interface DeadlineRestore {
  readonly kafka: Kafka;
  readonly changelogTopic: string;
  readonly partitions: ReadonlySet<number>;
  readonly logger: Logger;
  /** False once the assignment changed: the restore is dropped, and nothing more applied. */
  readonly isCurrent: () => boolean;
  /** The runner stopping: a read in progress or a pause between attempts ends at once. */
  readonly signal: AbortSignal;
  /** One changelog record: a pending deadline, or null for a settled one. */
  readonly apply: (aggregateId: string, partition: number, record: PendingRecord | null) => void;
}

/**
 * Reads the owned changelog partitions to their end, applying every record. Retried with a
 * growing pause until it succeeds, the assignment changes or the runner stops: a partition with
 * no new events would otherwise never get its pending deadlines back. Resolves true when done.
 */
export const restoreDeadlines = async (restore: DeadlineRestore): Promise<boolean> => {
  const { signal, logger } = restore;
  const stopping = () => signal.aborted; // read anew after each await
  for (let attempt = 1; !stopping() && restore.isCurrent(); attempt++) {
    try {
      await readPartitionsToEnd(
        restore.kafka,
        [...restore.partitions].map((partition) => ({
          topic: restore.changelogTopic,
          partition,
          fromOffset: '0',
        })),
        (_topic, partition, message) => {
          // A restore overtaken by a newer assignment must not bring back what it dropped.
          if (!restore.isCurrent()) return;
          restore.apply(message.key?.toString() ?? '', partition, readDeadlineRecord(message));
        },
        { signal },
      );
      return true;
    } catch (error) {
      if (stopping()) return false;
      logger.error({ err: error, attempt }, 'restoring deadlines failed; retrying');
      await sleep(Math.min(30_000, 1_000 * attempt), undefined, { signal }).catch(() => undefined);
    }
  }
  return false;
};
