import type { ProjectionSink } from '@orderflow/projections';
import type { Connections } from './connections.ts';
import type { Positions } from './positions.ts';

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

/** Places a run's new consumer group at the target's checkpoint, or at the start where it has none. */
export const placeGroup = async (
  connections: Connections,
  groupId: string,
  start: Positions,
  checkpoint: Positions,
) => {
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const [key, offset] of start) {
    const [topic = '', partition = '0'] = key.split('|');
    const at = checkpoint.get(key) ?? offset;
    byTopic.set(topic, [
      ...(byTopic.get(topic) ?? []),
      { partition: Number(partition), offset: at.toString() },
    ]);
  }
  for (const [topic, partitions] of byTopic)
    await connections.admin.setOffsets({ groupId, topic, partitions });
};
