/**
 * An aggregate as a decider: pure functions over immutable data, no I/O, no clock, no randomness.
 * Time and ids come in on the command's metadata.
 */
export interface Decider<C extends Command, E extends DomainEvent, S> {
  readonly initialState: S;
  /** The events a command produces, or a DomainError when a business rule refuses it. */
  readonly decide: (command: C, state: S) => E[];
  /** Total: folds any event of the aggregate into its state. */
  readonly evolve: (state: S, event: E) => S;
}

export interface DomainEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

export interface CommandMetadata {
  readonly commandId: string;
  readonly aggregateId: string;
  /** ISO-8601 instant at which the command was issued: the decider's only clock. */
  readonly issuedAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** The version the caller last saw; null when the caller does not care. */
  readonly expectedVersion: number | null;
  readonly traceparent: string | null;
  /** W3C tracestate that travels with the traceparent, when there is one. */
  readonly tracestate?: string | null;
  /**
   * Who issued it: the authenticated principal's non-personal id (e.g. `api-key:checkout`), absent
   * for commands from policies or from before authentication existed.
   */
  readonly issuedBy?: string | null;
}

export interface Command<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
  readonly metadata: CommandMetadata;
}

/** A refusal only the caller cares about, with a stable SCREAMING_SNAKE code. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
