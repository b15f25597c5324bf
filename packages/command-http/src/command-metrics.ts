import type { CommittedBatch, PlannedEvent, PolicyHooks } from '@orderflow/kernel';
import {
  commandDuration,
  commandsAccepted,
  commandsConflicted,
  commandsRefused,
  deadlineFirings,
  policyUnreadableEvents,
  eventsAppended,
  sagaCompensations,
  sagaOrders,
  sagaStepRetries,
  sagaStuckSteps,
} from '@orderflow/observability';

/** Events that undo a completed saga step (after a rejection, or a cancelled order). */
const compensatingEvents = new Set(['StockReleased', 'PaymentRefunded']);

/**
 * `OUT_OF_STOCK:<sku>` -> `OUT_OF_STOCK`: the code only, so the label's values stay few
 * (no SKU, no order in a metric label).
 */
export const reasonCode = (reason: unknown): string =>
  typeof reason === 'string' && reason !== '' ? (reason.split(':')[0] ?? reason) : 'UNKNOWN';

const recordSagaEvent = ({ event }: PlannedEvent) => {
  if (event.type === 'OrderConfirmed') sagaOrders.inc({ outcome: 'confirmed', reason: '' });
  else if (event.type === 'OrderRejected') {
    const { reason } = event.data as { reason?: unknown };
    sagaOrders.inc({ outcome: 'rejected', reason: reasonCode(reason) });
  } else if (compensatingEvents.has(event.type)) sagaCompensations.inc({ type: event.type });
};

/** The command processor's metrics, from what one transaction committed. */
export const recordCommittedBatch = (batch: CommittedBatch) => {
  const { context } = batch;
  for (const outcome of batch.outcomes) {
    const type = outcome.commandType;
    if (outcome.status === 'accepted') commandsAccepted.inc({ context, type });
    else if (outcome.status === 'conflict') commandsConflicted.inc({ context, type });
    else commandsRefused.inc({ context, type, code: outcome.code });
    const issuedAt = Date.parse(batch.commandsIssuedAt.get(outcome.commandId) ?? '');
    if (Number.isFinite(issuedAt)) {
      const seconds = Math.max(0, (batch.committedAt - issuedAt) / 1000);
      commandDuration.observe({ context, status: outcome.status }, seconds);
    }
  }
  for (const planned of batch.events) {
    eventsAppended.inc({ context, type: planned.event.type });
    recordSagaEvent(planned);
  }
};

/**
 * For the deadline runner's `onFired` hook: one firing of a schedule's deadline (a re-fire after
 * a restart, answered from the first outcome, counts too: it is work the runner did).
 */
export const recordDeadlineFired = (fired: { readonly schedule: string }) => {
  deadlineFirings.inc({ schedule: fired.schedule });
};

/**
 * The policy runners' hooks: failed attempts of saga steps, steps stuck past the alert, and
 * records on a source topic that never decode.
 */
export const sagaStepMetrics: PolicyHooks = {
  onRetry: ({ policy, commandType, code }) => {
    sagaStepRetries.inc({ policy, command: commandType, code });
  },
  onStuckChange: ({ policy, delta }) => {
    sagaStuckSteps.inc({ policy }, delta);
  },
  onUnreadableEvent: ({ policy }) => {
    policyUnreadableEvents.inc({ policy });
  },
};
