import type { CommandOutcome } from '../messages/outcome.ts';

export type StepVerdict =
  | { readonly done: true }
  | { readonly done: false; readonly reason: string; readonly code: string };

/**
 * Whether a policy's command did its saga step. Accepted is done; a refusal the policy names as
 * the saga's answer (`expectedRefusals`) is done too; anything else (another refusal, a parked
 * `invalid` command, a conflict, no outcome in time) is a failure the runner must retry.
 * The policy decides which refusals are answers: this only applies its list.
 */
export const stepVerdict = (
  expectedRefusals: readonly string[] | undefined,
  outcome: CommandOutcome | undefined,
): StepVerdict => {
  if (!outcome) return { done: false, code: 'NO_OUTCOME', reason: 'no outcome in time' };
  switch (outcome.status) {
    case 'accepted':
      return { done: true };
    case 'rejected':
      if (expectedRefusals?.includes(outcome.code)) return { done: true };
      return { done: false, code: outcome.code, reason: `rejected: ${outcome.message}` };
    case 'invalid':
      return { done: false, code: outcome.code, reason: `invalid: ${outcome.message}` };
    case 'conflict':
      return {
        done: false,
        code: 'VERSION_CONFLICT',
        reason: `conflict: expected ${String(outcome.expectedVersion)}, was ${String(outcome.actualVersion)}`,
      };
  }
};

/** Exponential backoff between attempts, capped: a stuck step is retried, but not in a hot loop. */
export const retryDelayMs = (attempt: number, baseMs: number, maxMs: number): number =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
