import type { Admin } from 'kafkajs';
import {
  highWatermarks,
  lagAgainst,
  lagCheck,
  totalLag,
  type ReadinessCheck,
} from '@orderflow/observability';
import type { ReadProgress } from './consistency/progress-sources.ts';
import {
  projectionDefinition,
  projections,
  type ProgressStore,
  type ProjectionName,
} from './projections.ts';

/**
 * How far a projection's stored progress (what this API serves) trails the high watermarks of
 * its topics: the same positions read-your-writes waits on, against Kafka's log ends.
 */
export const storedProjectionLag = async (
  admin: Admin,
  readers: Record<ProgressStore, ReadProgress>,
  name: ProjectionName,
) => {
  const definition = projectionDefinition(name);
  const ends = await highWatermarks(admin, definition.topics);
  const positions = new Map<string, bigint>();
  for (const topic of definition.topics) {
    const partitions = [...ends.keys()]
      .filter((key) => key.startsWith(`${topic}/`))
      .map((key) => Number(key.slice(topic.length + 1)));
    const progress = await readers[definition.store](name, topic, partitions);
    for (const [partition, offset] of progress)
      positions.set(`${topic}/${String(partition)}`, offset);
  }
  return totalLag(lagAgainst(ends, positions));
};

/** One readiness check per projection the API serves: its lag within the bound. */
export const projectionLagChecks = (
  admin: Admin,
  readers: Record<ProgressStore, ReadProgress>,
  maxLag: number,
): ReadinessCheck[] =>
  [...projections.keys()].map((name) =>
    lagCheck(`lag:${name}`, () => storedProjectionLag(admin, readers, name), maxLag),
  );
