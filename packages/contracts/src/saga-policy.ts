import type { InventoryEvent, OrdersEvent, PaymentsEvent } from './generated/index.ts';

// The saga's policy shape, shared by every context that reacts to another's events: it is a
// contract about events (which context, which types), so it lives beside them.

export type ContextName = 'orders' | 'inventory' | 'payments';

/** A command a policy issues, to go through the target context's own command path. */
export interface PolicyCommand {
  readonly context: ContextName;
  readonly type: string;
  readonly aggregateId: string;
  readonly data: unknown;
  /** Tells apart the commands issued for one event (e.g. the SKU); unique within a reaction. */
  readonly key: string;
  /**
   * Refusal codes that are the saga's answer to this command: the step is done when the target
   * refuses with one of them. Any other refusal, an `invalid` outcome or no outcome in time is a
   * failure, retried under a new attempt id until it succeeds (never dropped). Compensations list
   * none: they must succeed.
   */
  readonly expectedRefusals?: readonly string[];
}

/** The envelope of the event a policy reacts to. */
export interface PolicyEventMeta {
  readonly aggregateId: string;
  readonly version: number;
  readonly eventId: string;
}

interface EventsOf {
  orders: OrdersEvent;
  inventory: InventoryEvent;
  payments: PaymentsEvent;
}

/**
 * A saga step: a pure, deterministic reaction to one event of `sourceContext`. The same event
 * always yields the same commands in the same order, so command ids can be derived from
 * (name, eventId, key). Events the policy does not care about yield no command.
 */
export interface Policy<S extends ContextName = ContextName> {
  readonly name: string;
  readonly sourceContext: S;
  readonly react: (event: EventsOf[S], meta: PolicyEventMeta) => PolicyCommand[];
}

/** A policy of any source context; narrow it by `sourceContext` to call `react`. */
export type AnyPolicy = { [S in ContextName]: Policy<S> }[ContextName];
