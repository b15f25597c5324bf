import type { Message } from 'kafkajs';
import type { AggregateState } from './aggregate-state.ts';

/**
 * The snapshots topic holds, per partition, the latest state of each aggregate and one
 * checkpoint: the events offset from which a restore must fold. Both are written in the same
 * transaction, so the snapshots always describe the state exactly at the checkpoint.
 */
export const checkpointKey = '__checkpoint__';

interface SnapshotValue {
  readonly snapshotVersion: number;
  readonly version: number;
  readonly state: unknown;
}

interface CheckpointValue {
  readonly snapshotVersion: number;
  readonly eventsOffset: string;
}

export const snapshotMessage = (
  partition: number,
  aggregateId: string,
  aggregate: AggregateState<unknown>,
  snapshotVersion: number,
): Message => ({
  partition,
  key: aggregateId,
  value: JSON.stringify({
    snapshotVersion,
    version: aggregate.version,
    state: aggregate.state,
  } satisfies SnapshotValue),
});

export const checkpointMessage = (
  partition: number,
  eventsOffset: string,
  snapshotVersion: number,
): Message => ({
  partition,
  key: checkpointKey,
  value: JSON.stringify({ snapshotVersion, eventsOffset } satisfies CheckpointValue),
});

export type SnapshotRecord =
  | { readonly kind: 'checkpoint'; readonly eventsOffset: string }
  | {
      readonly kind: 'aggregate';
      readonly aggregateId: string;
      readonly aggregate: AggregateState<unknown>;
    }
  | { readonly kind: 'stale' };

/** A record written under another snapshot version is stale: the state is then rebuilt from events. */
export const readSnapshotRecord = (
  key: string,
  value: Buffer | null,
  snapshotVersion: number,
): SnapshotRecord => {
  if (value === null) return { kind: 'stale' };
  const parsed = JSON.parse(value.toString()) as Partial<SnapshotValue & CheckpointValue>;
  if (parsed.snapshotVersion !== snapshotVersion) return { kind: 'stale' };
  if (key === checkpointKey)
    return { kind: 'checkpoint', eventsOffset: parsed.eventsOffset ?? '0' };
  return {
    kind: 'aggregate',
    aggregateId: key,
    aggregate: { state: parsed.state, version: Number(parsed.version) },
  };
};
