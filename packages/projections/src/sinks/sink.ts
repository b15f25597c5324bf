import type { PoisonEvent } from '../fold-aggregates.ts';
import type { EventEnvelope } from '../read-model.ts';

/** Where a topic-partition stands once a batch is written: every record before nextOffset is in. */
export interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

export interface SinkBatch {
  readonly envelopes: readonly EventEnvelope[];
  readonly progress: readonly PartitionProgress[];
}

/**
 * Writes a whole batch at once, idempotently (version guards or natural keys), with the
 * batch's progress; returns the events it could not fold, to be parked.
 */
export interface ProjectionSink {
  readonly describe: string;
  readonly prepare: () => Promise<void>;
  readonly write: (batch: SinkBatch) => Promise<PoisonEvent[]>;
  /**
   * The consumer group's assignment changed: whatever the sink kept on the assumption that
   * this member alone writes its partitions' views must go (another member may have written
   * them meanwhile).
   */
  readonly partitionsReassigned?: () => void;
}

export class ConcurrentWriteError extends Error {
  override readonly name = 'ConcurrentWriteError';
}
