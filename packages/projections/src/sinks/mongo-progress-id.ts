/**
 * The `_id` of a projection's progress document for one topic-partition in MongoDB: written by
 * the MongoDB sinks, read by the query API's read-your-writes and lag checks.
 */
export const mongoProgressId = (projection: string, topic: string, partition: number) =>
  `${projection}|${topic}|${String(partition)}`;
