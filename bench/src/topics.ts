import type { ContextTopics } from '@orderflow/kernel';

/** Every topic of a bench context, to delete them all when a run is done. */
export const allTopics = (topics: ContextTopics) => [
  topics.commands,
  topics.events,
  topics.snapshots,
  topics.outcomes,
  topics.parkedCommands,
];
