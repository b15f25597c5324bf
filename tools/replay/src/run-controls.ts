import type { ProjectionSink } from '@orderflow/projections';
import type { Connections } from './connections.ts';
import { topicBounds, type Positions } from './positions.ts';

/**
 * Once the run is stopping (Ctrl-C, verification), batches KafkaJS had already fetched are
 * refused instead of written: the checkpoint stays where the last written batch left it, and
 * their offsets stay uncommitted for the next run.
 */
export const stopGate = (sink: ProjectionSink, stopping: () => boolean): ProjectionSink => ({
  describe: sink.describe,
  prepare: () => sink.prepare(),
  write: (batch) => {
    if (stopping())
      return Promise.reject(new Error('the rebuild is stopping: batch left for the next run'));
    return sink.write(batch);
  },
});

/**
 * Places a run's new consumer group at the target's checkpoint, or at the start where it has none.
 * A partition placed at (or before) its log start is left alone: the runner subscribes from the
 * beginning, so a group with no offset there starts at the log start anyway, and KafkaJS's
 * setOffsets runs a paused consumer that waits out a whole fetch (5 s) per topic to commit it.
 */
export const placeGroup = async (
  connections: Connections,
  groupId: string,
  start: Positions,
  checkpoint: Positions,
) => {
  const topics = [...new Set([...start.keys()].map((key) => key.split('|')[0] ?? ''))];
  const { low } = await topicBounds(connections.admin, topics);
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const [key, offset] of start) {
    const [topic = '', partition = '0'] = key.split('|');
    const at = checkpoint.get(key) ?? offset;
    const logStart = low.get(key);
    if (logStart !== undefined && at <= logStart) continue;
    byTopic.set(topic, [
      ...(byTopic.get(topic) ?? []),
      { partition: Number(partition), offset: at.toString() },
    ]);
  }
  for (const [topic, partitions] of byTopic)
    await connections.admin.setOffsets({ groupId, topic, partitions });
};
