import type { CommandOutcome } from '../messages/outcome.ts';

export interface AggregateState<S> {
  readonly state: S;
  /** Number of events the aggregate has; 0 for one that does not exist yet. */
  readonly version: number;
}

/** What the processor knows about the aggregates of one partition it owns. */
export interface PartitionState<S> {
  readonly aggregates: Map<string, AggregateState<S>>;
  /** Every command ever decided on this partition, by command id. */
  readonly outcomes: Map<string, CommandOutcome>;
  /** Aggregates changed since the last snapshot checkpoint. */
  readonly dirty: Set<string>;
  eventsSinceCheckpoint: number;
}

export const emptyPartitionState = <S>(): PartitionState<S> => ({
  aggregates: new Map(),
  outcomes: new Map(),
  dirty: new Set(),
  eventsSinceCheckpoint: 0,
});
