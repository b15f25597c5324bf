import type { Admin, KafkaMessage, Message } from 'kafkajs';
import { z } from 'zod';
import { retryRetriable } from '../kafka/retry-retriable.ts';

/**
 * The deadlines changelog: a compacted topic keyed by aggregate id, one record per pending
 * deadline and a tombstone once it is settled. Compaction keeps it about as small as the set of
 * pending deadlines, so restoring a partition on assignment reads little, unlike a replay of
 * the events topic (kept forever).
 */
const pendingValue = z.object({
  dueAt: z.iso.datetime({ offset: true }),
  correlationId: z.string(),
  causationId: z.string(),
});

export type PendingRecord = z.infer<typeof pendingValue>;

export const deadlineMessage = (
  aggregateId: string,
  partition: number,
  value: PendingRecord | null,
): Message => ({
  key: aggregateId,
  partition,
  value: value === null ? null : JSON.stringify(value),
});

/** Null for a tombstone (the deadline is settled); throws on a record this code did not write. */
export const readDeadlineRecord = (message: KafkaMessage): PendingRecord | null =>
  message.value === null ? null : pendingValue.parse(JSON.parse(message.value.toString()));

/**
 * Creates the changelog beside the events topic it follows, with the same partition count:
 * a deadline lives in the changelog partition numbered like its aggregate's events partition,
 * so the member that owns events partition N restores exactly changelog partition N.
 */
export const provisionDeadlineChangelog = async (
  admin: Admin,
  topics: { readonly events: string; readonly changelog: string },
  replicationFactor: number,
) => {
  const metadata = await retryRetriable(() =>
    admin.fetchTopicMetadata({ topics: [topics.events] }),
  );
  const partitions = metadata.topics[0]?.partitions.length ?? 0;
  if (!(await admin.listTopics()).includes(topics.changelog)) {
    await admin
      .createTopics({
        topics: [
          {
            topic: topics.changelog,
            numPartitions: partitions,
            replicationFactor,
            configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
          },
        ],
        // KafkaJS's own wait for leaders throws when the new topic is briefly unknown to the
        // broker (UNKNOWN_TOPIC_OR_PARTITION): the wait below retries that instead.
        waitForLeaders: false,
      })
      .catch((error: unknown) => {
        // Another process may create it at the same moment.
        if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
      });
  }
  const changelog = await retryRetriable(async () => {
    const found = await admin.fetchTopicMetadata({ topics: [topics.changelog] });
    const leaderless = found.topics[0]?.partitions.some((partition) => partition.leader < 0);
    if (leaderless !== false)
      throw Object.assign(new Error(`no leader yet for ${topics.changelog}`), { retriable: true });
    return found;
  });
  const count = changelog.topics[0]?.partitions.length ?? 0;
  if (count !== partitions)
    throw new Error(
      `${topics.changelog} has ${String(count)} partitions, ${topics.events} ${String(partitions)}: they must be co-partitioned`,
    );
};
