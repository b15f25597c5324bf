import { createHash } from 'node:crypto';

/** What one event means for its aggregate's deadline. */
export type DeadlineChange =
  { readonly kind: 'set'; readonly dueAt: string } | { readonly kind: 'clear' };

/**
 * A durable timer per aggregate, declared by a context: which of its events start and settle
 * the deadline, and the command that expires the aggregate when it is due. Pure.
 */
export interface DeadlineSchedule {
  /** Part of the expiry's command id and of the runner's names (e.g. 'order-deadline'). */
  readonly name: string;
  /** The context whose events the schedule follows; the expiry goes to its command path too. */
  readonly context: string;
  readonly track: (event: never, meta: { readonly aggregateId: string }) => DeadlineChange | null;
  readonly expire: (aggregateId: string) => { readonly type: string; readonly data: unknown };
}

/** Reported for each deadline fired: the hook for a metric (a counter of firings). */
export interface FiredDeadline {
  readonly schedule: string;
  readonly aggregateId: string;
  readonly dueAt: string;
  readonly firedAt: string;
  readonly commandId: string;
  /** True when the expiry had been decided before (a re-fire after a restart): nothing sent. */
  readonly alreadyDecided: boolean;
}

/**
 * One expiry per aggregate, whoever fires it and however often: the command id depends on the
 * schedule and the aggregate only, so the command path's durable idempotency makes a re-fire
 * (after a restart, or by two owners during a rebalance) a no-op.
 */
export const deadlineCommandId = (schedule: string, aggregateId: string): string => {
  const hash = createHash('sha256').update(`${schedule}\n${aggregateId}`).digest('hex');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-8${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
};

/** Who issued an expiry (`ce_issuedby`): the schedule, not a client; see policyIssuer. */
export const deadlineIssuer = (schedule: string) => `deadline:${schedule}`;
