import type { CommandOutcome } from '../messages/outcome.ts';
import type { PlannedEvent } from './decide-batch.ts';

/** What a command processor committed in one transaction: for metrics and other observers. */
export interface CommittedBatch {
  readonly context: string;
  readonly outcomes: readonly CommandOutcome[];
  readonly events: readonly PlannedEvent[];
  /** When each decoded command of the batch was issued (its metadata's clock). */
  readonly commandsIssuedAt: ReadonlyMap<string, string>;
  /** Epoch milliseconds of the commit. */
  readonly committedAt: number;
}
