import type { Kafka } from 'kafkajs';
import type { ContextTopics } from '@orderflow/kernel';
import { tallyEventSchemas } from '../../packages/kernel/test/fixtures/tally/generated/tally.ts';
import { eventSubjects, removeSubjects } from './registry-subjects.ts';

/** Every topic of a bench context, to delete them all when a run is done. */
export const allTopics = (topics: ContextTopics) => [
  topics.commands,
  topics.events,
  topics.snapshots,
  topics.outcomes,
  topics.parkedCommands,
];

/**
 * Deletes a run's tally context (see counter-events.ts): its topics, the (empty) consumer
 * groups given, and the subjects its events topic got in the registry, which would otherwise
 * pile up run after run.
 */
export const removeTallyContext = async (
  kafka: Kafka,
  registryUrl: string,
  topics: ContextTopics,
  groups: readonly string[] = [],
) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (groups.length > 0) await admin.deleteGroups([...groups]);
    await admin.deleteTopics({ topics: allTopics(topics) });
  } finally {
    await admin.disconnect();
  }
  await removeSubjects(registryUrl, eventSubjects(topics.events, tallyEventSchemas));
};
