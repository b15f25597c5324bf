/**
 * What became of a command. Written once per command id, in the same Kafka transaction as the
 * command's events and consumed offset, so an outcome exists if and only if the events do.
 */
export type CommandOutcome = AcceptedOutcome | RejectedOutcome | ConflictOutcome | InvalidOutcome;

interface OutcomeBase {
  readonly commandId: string;
  readonly commandType: string;
  readonly aggregateId: string;
  /** sha-256 of type, aggregate id and data: tells a retried command from a different one reusing its id. */
  readonly fingerprint: string;
  readonly decidedAt: string;
}

export interface RecordedEventRef {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly partition: number;
  readonly offset: string;
}

export interface AcceptedOutcome extends OutcomeBase {
  readonly status: 'accepted';
  /** The aggregate's version after the command (unchanged when it produced no events). */
  readonly version: number;
  readonly events: readonly RecordedEventRef[];
}

export interface RejectedOutcome extends OutcomeBase {
  readonly status: 'rejected';
  readonly version: number;
  readonly code: string;
  readonly message: string;
}

export interface ConflictOutcome extends OutcomeBase {
  readonly status: 'conflict';
  readonly expectedVersion: number;
  readonly actualVersion: number;
}

/** The command could not be decoded, failed validation, or crashed the decider: it was parked. */
export interface InvalidOutcome extends OutcomeBase {
  readonly status: 'invalid';
  readonly code: string;
  readonly message: string;
}

export const encodeOutcome = (outcome: CommandOutcome) => Buffer.from(JSON.stringify(outcome));

export const decodeOutcome = (value: Buffer): CommandOutcome =>
  JSON.parse(value.toString()) as CommandOutcome;
