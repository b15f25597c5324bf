import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { CommandClient } from '../client/command-client.ts';
import { deadlineMessage, type PendingRecord } from './deadline-changelog.ts';
import type { PendingDeadline } from './deadline-queue.ts';
import {
  deadlineCommandId,
  deadlineIssuer,
  type DeadlineSchedule,
  type FiredDeadline,
} from './deadline-schedule.ts';

export interface ExpiryPath {
  readonly schedule: DeadlineSchedule;
  readonly client: CommandClient;
  readonly producer: Producer;
  readonly changelogTopic: string;
  readonly logger: Logger;
  readonly onFired?: ((fired: FiredDeadline) => void) | undefined;
  readonly stopped: () => boolean;
}

/**
 * Sends a due deadline's expiry through the context's command path, with the deterministic
 * command id: a re-fire is answered from the first outcome. Resolves once the command is on the
 * commands topic (or was decided before); rejects when it could not be sent, to be retried.
 */
export const fireDeadline = async (
  path: ExpiryPath,
  deadline: PendingDeadline,
  origin: PendingRecord | undefined,
  firedAt: string,
): Promise<void> => {
  const { aggregateId } = deadline;
  const commandId = deadlineCommandId(path.schedule.name, aggregateId);
  const submitted = await path.client.submit({
    ...path.schedule.expire(aggregateId),
    aggregateId,
    commandId,
    issuedAt: firedAt,
    issuedBy: deadlineIssuer(path.schedule.name),
    correlationId: origin?.correlationId ?? commandId,
    causationId: origin?.causationId ?? null,
  });
  const fired: FiredDeadline = {
    schedule: path.schedule.name,
    aggregateId,
    dueAt: new Date(deadline.dueAt).toISOString(),
    firedAt,
    commandId,
    alreadyDecided: submitted.previousOutcome !== undefined,
  };
  path.logger.info(fired, 'deadline fired');
  path.onFired?.(fired);
  void settleWhenDecided(path, deadline, commandId);
};

/**
 * Once the expiry is decided the deadline has taken effect, whatever the aggregate's state:
 * the tombstone keeps the changelog small even when no settling event follows (an event
 * delivered twice, an aggregate already settled). Until then the record stays, and a restart
 * fires the same command id again.
 */
const settleWhenDecided = async (
  path: ExpiryPath,
  deadline: PendingDeadline,
  commandId: string,
) => {
  try {
    const outcome = await path.client.waitForOutcome(commandId, 60_000);
    if (outcome === undefined || path.stopped()) return;
    await path.producer.send({
      topic: path.changelogTopic,
      acks: -1,
      messages: [deadlineMessage(deadline.aggregateId, deadline.partition, null)],
    });
  } catch (error) {
    path.logger.warn({ err: error, ...deadline }, 'deadline tombstone not written');
  }
};
