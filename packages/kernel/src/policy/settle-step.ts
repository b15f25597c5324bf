import type { Logger } from 'pino';
import type { CommandClient } from '../client/command-client.ts';
import type { CommandOutcome } from '../messages/outcome.ts';
import { ownershipSliceMs, pauseWhileOwned } from './batch-ownership.ts';
import { policyCommandId, policyIssuer } from './policy-command-id.ts';
import { retryDelayMs, stepVerdict, type StepVerdict } from './step-verdict.ts';

/** A command a policy issues for one event (the kernel's view of contracts' PolicyCommand). */
export interface PolicyReaction {
  readonly type: string;
  readonly aggregateId: string;
  readonly data: unknown;
  /** Tells apart the commands issued for one event; part of their ids. */
  readonly key: string;
  /** Refusal codes that answer the step (see stepVerdict); none for a compensation. */
  readonly expectedRefusals?: readonly string[];
}

export interface StepRetrySettings {
  /** How long one attempt waits for its outcome before it counts as failed. */
  readonly outcomeTimeoutMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** From this attempt on, a failing step is logged at error and counted as stuck. */
  readonly alertAfterAttempts: number;
}

export const defaultStepRetry: StepRetrySettings = {
  outcomeTimeoutMs: 10_000,
  retryBaseMs: 250,
  retryMaxMs: 10_000,
  alertAfterAttempts: 5,
};

export interface SagaStepHooks {
  /** Once per failed attempt that is retried. */
  readonly onRetry?: (retry: { policy: string; commandType: string; code: string }) => void;
  /** A step crossed alertAfterAttempts (+1), or a stuck step ended (-1). */
  readonly onStuckChange?: (change: { policy: string; delta: 1 | -1 }) => void;
}

export interface SagaStep {
  readonly policy: string;
  readonly reaction: PolicyReaction;
  readonly eventId: string;
  readonly correlationId: string;
  readonly client: CommandClient;
  readonly logger: Logger;
  readonly settings: StepRetrySettings;
  readonly hooks: SagaStepHooks;
  /** False once the runner stops or lost the partition: the step is left to the next owner. */
  readonly keepGoing: () => boolean;
  /** Keeps the group membership alive while a step waits or backs off. */
  readonly heartbeat: () => Promise<void>;
}

/**
 * Issues the step's command and waits for its outcome; a failure is retried with backoff under
 * the next attempt's command id, for as long as the runner owns the event. Resolves true when
 * the step is done, false when it was left unfinished (its offset must not be committed).
 */
export const settleStep = async (step: SagaStep): Promise<boolean> => {
  const attempts: string[] = [];
  let stuck = false;
  try {
    for (let attempt = 1; ; attempt++) {
      const commandId = policyCommandId(step.policy, step.eventId, step.reaction.key, attempt);
      attempts.push(commandId);
      const verdict = await tryAttempt(step, commandId, attempts);
      if (verdict === undefined) return false;
      if (verdict.done) return true;
      if (!step.keepGoing()) return false;
      step.hooks.onRetry?.({ policy: step.policy, commandType: step.reaction.type, ...verdict });
      const context = {
        policy: step.policy,
        commandId,
        commandType: step.reaction.type,
        aggregateId: step.reaction.aggregateId,
        causationId: step.eventId,
        correlationId: step.correlationId,
        attempt,
        code: verdict.code,
        reason: verdict.reason,
      };
      if (attempt >= step.settings.alertAfterAttempts) {
        step.logger.error(context, 'saga step still failing: retrying, never dropped');
        if (!stuck) step.hooks.onStuckChange?.({ policy: step.policy, delta: 1 });
        stuck = true;
      } else {
        step.logger.warn(context, 'saga step failed: retrying under a new attempt id');
      }
      const { retryBaseMs, retryMaxMs } = step.settings;
      if (!(await pauseWhileOwned(step, retryDelayMs(attempt, retryBaseMs, retryMaxMs))))
        return false;
    }
  } finally {
    if (stuck) step.hooks.onStuckChange?.({ policy: step.policy, delta: -1 });
  }
};

/** The attempt's verdict, or undefined when the runner must leave the step. */
const tryAttempt = async (
  step: SagaStep,
  commandId: string,
  attempts: readonly string[],
): Promise<StepVerdict | undefined> => {
  // An earlier attempt that had no outcome in time may have been decided since.
  for (const earlier of attempts) {
    const verdict = stepVerdict(step.reaction.expectedRefusals, step.client.outcome(earlier));
    if (verdict.done) return verdict;
  }
  let outcome: CommandOutcome | undefined;
  try {
    const submitted = await step.client.submit({
      type: step.reaction.type,
      data: step.reaction.data,
      aggregateId: step.reaction.aggregateId,
      commandId,
      correlationId: step.correlationId,
      causationId: step.eventId,
      issuedBy: policyIssuer(step.policy),
    });
    outcome = submitted.previousOutcome ?? (await waitForOutcome(step, commandId));
  } catch (error) {
    const reason = `not sent: ${error instanceof Error ? error.message : String(error)}`;
    return { done: false, code: 'SEND_FAILED', reason };
  }
  if (!outcome && !step.keepGoing()) return undefined;
  return stepVerdict(step.reaction.expectedRefusals, outcome);
};

const waitForOutcome = async (step: SagaStep, commandId: string) => {
  const end = Date.now() + step.settings.outcomeTimeoutMs;
  for (;;) {
    const left = end - Date.now();
    if (left <= 0 || !step.keepGoing()) return undefined;
    const outcome = await step.client.waitForOutcome(commandId, Math.min(ownershipSliceMs, left));
    if (outcome) return outcome;
    await step.heartbeat();
  }
};
