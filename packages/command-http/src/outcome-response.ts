import type { CommandOutcome } from '@orderflow/kernel';
import { consistencyTokenFor } from './consistency-token.ts';
import { isNotFoundCode, ProblemError } from './problem.ts';

export interface OutcomeAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly etag?: string;
}

/** The one mapping from a command's outcome to HTTP: 201/200, 404, 409, 422 or 400. */
export const answerFor = (
  outcome: CommandOutcome,
  eventsTopic: string,
  creates: boolean,
): OutcomeAnswer => {
  const common = { commandId: outcome.commandId, aggregateId: outcome.aggregateId };
  switch (outcome.status) {
    case 'accepted':
      return {
        status: creates && outcome.events.length > 0 ? 201 : 200,
        etag: `"${outcome.version}"`,
        body: {
          ...common,
          commandType: outcome.commandType,
          version: outcome.version,
          events: outcome.events.map(({ eventId, type, version }) => ({ eventId, type, version })),
          consistencyToken: consistencyTokenFor(eventsTopic, outcome),
        },
      };
    case 'rejected':
      throw new ProblemError(
        isNotFoundCode(outcome.code) ? 'NOT_FOUND' : 'BUSINESS_RULE_VIOLATED',
        outcome.message,
        { ...common, version: outcome.version },
        outcome.code,
      );
    case 'conflict':
      throw new ProblemError(
        'VERSION_CONFLICT',
        `expected version ${outcome.expectedVersion}, the aggregate is at ${outcome.actualVersion}`,
        {
          ...common,
          expectedVersion: outcome.expectedVersion,
          actualVersion: outcome.actualVersion,
        },
      );
    case 'invalid':
      throw new ProblemError('INVALID_COMMAND', outcome.message, common, outcome.code);
  }
};
