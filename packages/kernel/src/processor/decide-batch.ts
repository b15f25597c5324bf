import type { Command, Decider, DomainEvent } from '../decider.ts';
import { DomainError } from '../decider.ts';
import type { DecodedCommand } from '../messages/command-record.ts';
import { eventIdFor } from '../messages/event-id.ts';
import { commandFingerprint } from '../messages/fingerprint.ts';
import type { CommandOutcome } from '../messages/outcome.ts';
import type { AggregateState } from './aggregate-state.ts';

export interface PlannedEvent<E extends DomainEvent = DomainEvent> {
  readonly event: E;
  readonly eventId: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly command: Command;
}

/** An outcome whose accepted events still need their offsets, known only once written. */
export type PlannedOutcome =
  | Exclude<CommandOutcome, { status: 'accepted' }>
  | (Omit<Extract<CommandOutcome, { status: 'accepted' }>, 'events'> & {
      readonly eventIndexes: readonly number[];
    });

export interface ParkedCommand {
  readonly offset: string;
  readonly code: string;
  readonly reason: string;
}

export interface BatchPlan<S, E extends DomainEvent> {
  readonly events: PlannedEvent<E>[];
  readonly outcomes: PlannedOutcome[];
  readonly parked: ParkedCommand[];
  /** New states of the aggregates the batch changed; applied only after the commit. */
  readonly changed: Map<string, AggregateState<S>>;
}

export interface DecideBatchInput<C extends Command, E extends DomainEvent, S> {
  readonly decider: Decider<C, E, S>;
  readonly records: readonly { readonly offset: string; readonly decoded: DecodedCommand<C> }[];
  readonly aggregateState: (aggregateId: string) => AggregateState<S>;
  readonly isDecided: (commandId: string) => boolean;
  /** The processor's clock, for the outcome's decidedAt only (never given to the decider). */
  readonly now: string;
}

/**
 * Decides a batch of commands of one partition, in order, against the aggregates' states.
 * Pure: it returns what to write; the processor writes it all in one transaction.
 */
export const decideBatch = <C extends Command, E extends DomainEvent, S>(
  input: DecideBatchInput<C, E, S>,
): BatchPlan<S, E> => {
  const plan: BatchPlan<S, E> = { events: [], outcomes: [], parked: [], changed: new Map() };
  const decidedInBatch = new Set<string>();
  const current = (aggregateId: string) =>
    plan.changed.get(aggregateId) ?? input.aggregateState(aggregateId);

  for (const { offset, decoded } of input.records) {
    if (!decoded.ok) {
      plan.parked.push({ offset, code: decoded.code, reason: decoded.reason });
      if (
        decoded.commandId &&
        decoded.aggregateId &&
        !input.isDecided(decoded.commandId) &&
        !decidedInBatch.has(decoded.commandId)
      ) {
        decidedInBatch.add(decoded.commandId);
        plan.outcomes.push({
          status: 'invalid',
          commandId: decoded.commandId,
          commandType: decoded.commandType ?? 'unknown',
          aggregateId: decoded.aggregateId,
          fingerprint: '',
          decidedAt: input.now,
          code: decoded.code,
          message: decoded.reason,
        });
      }
      continue;
    }
    const { command } = decoded;
    const { commandId, aggregateId, expectedVersion } = command.metadata;
    // Durable idempotency: a command id already decided is never decided again.
    if (input.isDecided(commandId) || decidedInBatch.has(commandId)) continue;
    decidedInBatch.add(commandId);

    const base = {
      commandId,
      commandType: command.type,
      aggregateId,
      fingerprint:
        decoded.fingerprint ?? commandFingerprint(command.type, aggregateId, command.data),
      decidedAt: input.now,
    };
    const aggregate = current(aggregateId);
    if (expectedVersion !== null && expectedVersion !== aggregate.version) {
      plan.outcomes.push({
        ...base,
        status: 'conflict',
        expectedVersion,
        actualVersion: aggregate.version,
      });
      continue;
    }

    let events: E[];
    try {
      events = input.decider.decide(command, aggregate.state);
    } catch (error) {
      if (error instanceof DomainError) {
        plan.outcomes.push({
          ...base,
          status: 'rejected',
          version: aggregate.version,
          code: error.code,
          message: error.message,
        });
      } else {
        // A decider that throws anything else has a bug: park the command, keep the partition going.
        const reason = `decider failed: ${error instanceof Error ? error.message : String(error)}`;
        plan.parked.push({ offset, code: 'DECIDER_FAILED', reason });
        plan.outcomes.push({ ...base, status: 'invalid', code: 'DECIDER_FAILED', message: reason });
      }
      continue;
    }

    let { state, version } = aggregate;
    const eventIndexes: number[] = [];
    events.forEach((event, index) => {
      version += 1;
      state = input.decider.evolve(state, event);
      eventIndexes.push(plan.events.length);
      plan.events.push({
        event,
        eventId: eventIdFor(commandId, index),
        aggregateId,
        version,
        command,
      });
    });
    if (events.length > 0) plan.changed.set(aggregateId, { state, version });
    plan.outcomes.push({ ...base, status: 'accepted', version, eventIndexes });
  }
  return plan;
};
