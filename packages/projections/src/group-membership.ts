// The coordinator's answers that mean "this member's generation is over": KafkaJS rejoins the
// group when eachBatch rethrows one of them (see its consumer runner), and evicts a member that
// keeps ignoring them past the rebalance timeout.
const rebalanceErrors = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);

export const isRebalanceError = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  'type' in error &&
  typeof error.type === 'string' &&
  rebalanceErrors.has(error.type);

/**
 * A heartbeat for a batch that waits on a failing sink: it keeps the member in the group, and
 * rethrows only a rebalance, so the batch (uncommitted) is given back and the member rejoins at
 * once instead of being evicted and setting off another rebalance. Other heartbeat failures
 * (a broker briefly away) are left to the next heartbeat.
 */
export const heartbeatUnlessRebalancing =
  (heartbeat: () => Promise<void>) => async (): Promise<void> => {
    try {
      await heartbeat();
    } catch (error) {
      if (isRebalanceError(error)) throw error;
    }
  };
