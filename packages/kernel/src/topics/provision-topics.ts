import type { Admin, ITopicConfig } from 'kafkajs';
import { retryRetriable } from '../kafka/retry-retriable.ts';
import type { ContextTopics } from './context-topics.ts';

export interface TopicLayout {
  /** Same for every topic of a context: co-partitioning is what makes one writer per aggregate. */
  readonly partitions: number;
  readonly replicationFactor: number;
  /** How long commands wait on the commands topic; they are consumed within seconds. */
  readonly commandRetentionMs: number;
}

export const defaultTopicLayout: TopicLayout = {
  partitions: 3,
  replicationFactor: 1,
  commandRetentionMs: 7 * 24 * 3600 * 1000,
};

export class TopicLayoutError extends Error {
  override readonly name = 'TopicLayoutError';
}

const forever = { 'retention.ms': '-1', 'retention.bytes': '-1' };

export const topicConfigs = (topics: ContextTopics, layout: TopicLayout): ITopicConfig[] => {
  const topic = (name: string, config: Record<string, string>): ITopicConfig => ({
    topic: name,
    numPartitions: layout.partitions,
    replicationFactor: layout.replicationFactor,
    configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
  });
  return [
    topic(topics.commands, {
      'cleanup.policy': 'delete',
      'retention.ms': String(layout.commandRetentionMs),
    }),
    topic(topics.events, { 'cleanup.policy': 'delete', ...forever }),
    topic(topics.snapshots, { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' }),
    topic(topics.outcomes, { 'cleanup.policy': 'compact', ...forever }),
    topic(topics.parkedCommands, { 'cleanup.policy': 'delete', ...forever }),
  ];
};

/**
 * Creates the context's topics if missing (idempotent) and refuses to run on topics whose
 * partition counts differ: a commands partition whose events partition had another number would
 * put two writers on one aggregate.
 */
export const provisionTopics = async (
  admin: Admin,
  topics: ContextTopics,
  layout: TopicLayout = defaultTopicLayout,
) => {
  const wanted = topicConfigs(topics, layout);
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((config) => !existing.has(config.topic));
  if (missing.length > 0) {
    // Another process may create them at the same moment: "already exists" is success.
    await admin.createTopics({ topics: missing, waitForLeaders: false }).catch((error: unknown) => {
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    });
  }
  // KafkaJS's own wait for leaders gives up when a just-created topic is briefly unknown to the
  // broker (UNKNOWN_TOPIC_OR_PARTITION, retriable): wait here until every partition has a leader.
  const metadata = await retryRetriable(async () => {
    const result = await admin.fetchTopicMetadata({ topics: wanted.map((config) => config.topic) });
    const leaderless = result.topics.flatMap((topic) =>
      topic.partitions
        .filter((p) => p.leader < 0)
        .map((p) => `${topic.name}/${String(p.partitionId)}`),
    );
    if (leaderless.length > 0)
      throw Object.assign(new Error(`no leader yet for ${leaderless.join(', ')}`), {
        retriable: true,
      });
    return result;
  });
  const counts = metadata.topics.map((topic) => [topic.name, topic.partitions.length] as const);
  const distinct = new Set(counts.map(([, count]) => count));
  if (distinct.size > 1) {
    throw new TopicLayoutError(
      `topics are not co-partitioned: ${counts.map(([name, count]) => `${name}=${count}`).join(', ')}; every topic of a context needs the same partition count`,
    );
  }
  return counts[0]?.[1] ?? layout.partitions;
};
