import type { Command, DomainEvent } from '../decider.ts';
import { readPartitionsToEnd } from '../kafka/read-partitions-to-end.ts';
import { header, readHeader } from '../messages/headers.ts';
import { decodeOutcome } from '../messages/outcome.ts';
import { emptyPartitionState, type PartitionState } from './aggregate-state.ts';
import type { ContextStreams } from './context-streams.ts';
import { readSnapshotRecord } from './snapshot-records.ts';

export class CorruptStreamError extends Error {
  override readonly name = 'CorruptStreamError';
}

export interface RestoreInput<C extends Command, E extends DomainEvent, S> extends ContextStreams<
  C,
  E,
  S
> {
  readonly partition: number;
  readonly heartbeat: () => Promise<void>;
  /** Ends the restore early (the processor is stopping): it then rejects. */
  readonly signal?: AbortSignal;
  readonly onForeignRecord?: (position: string) => void;
}

/**
 * Rebuilds a partition's state: the latest snapshots and every outcome, then the events after
 * the snapshot checkpoint. Must run after this processor's transactional producer for the
 * partition has been initialised, which aborts any transaction a previous owner left open, so
 * what is read here is final.
 */
export const restorePartition = async <C extends Command, E extends DomainEvent, S>(
  input: RestoreInput<C, E, S>,
): Promise<PartitionState<S>> => {
  const { kafka, context, topics, partition } = input;
  const state = emptyPartitionState<S>();
  let checkpoint = '0';

  await readPartitionsToEnd(
    kafka,
    [
      { topic: topics.snapshots, partition, fromOffset: '0' },
      { topic: topics.outcomes, partition, fromOffset: '0' },
    ],
    (topic, _partition, message) => {
      const key = message.key?.toString() ?? '';
      if (topic === topics.outcomes) {
        if (message.value) state.outcomes.set(key, decodeOutcome(message.value));
        return;
      }
      const record = readSnapshotRecord(key, message.value, context.snapshotVersion);
      if (record.kind === 'checkpoint') checkpoint = record.eventsOffset;
      if (record.kind === 'aggregate')
        state.aggregates.set(record.aggregateId, record.aggregate as { state: S; version: number });
    },
    { onProgress: input.heartbeat, signal: input.signal },
  );
  if (checkpoint === '0') state.aggregates.clear(); // snapshots without a valid checkpoint are not trusted

  await readPartitionsToEnd(
    kafka,
    [{ topic: topics.events, partition, fromOffset: checkpoint }],
    async (_topic, _partition, message) => {
      const aggregateId = message.key?.toString() ?? '';
      const version = Number(readHeader(message.headers, header.aggregateVersion));
      // The processor writes every event with its version; a record without one was put there
      // by something else and belongs to no aggregate's history.
      if (!aggregateId || !Number.isInteger(version) || version < 1) {
        input.onForeignRecord?.(`${topics.events}/${String(partition)}@${message.offset}`);
        return;
      }
      const current = state.aggregates.get(aggregateId) ?? {
        state: context.decider.initialState,
        version: 0,
      };
      if (version <= current.version) return; // already in the snapshot
      if (version !== current.version + 1) {
        throw new CorruptStreamError(
          `${topics.events}/${partition}@${message.offset}: ${aggregateId} jumps from version ${current.version} to ${version}`,
        );
      }
      const event = await input.serde.decode(message.value ?? Buffer.alloc(0));
      state.aggregates.set(aggregateId, {
        state: context.decider.evolve(current.state, event),
        version,
      });
      state.dirty.add(aggregateId);
      state.eventsSinceCheckpoint += 1;
    },
    { onProgress: input.heartbeat, signal: input.signal },
  );
  return state;
};
