import type { EachBatchPayload } from 'kafkajs';
import type { Logger } from 'pino';

export interface Ownership {
  readonly keepGoing: () => boolean;
  readonly heartbeat: () => Promise<void>;
}

/** Whether this member may still work on the batch; a failed heartbeat means a rebalance. */
export const ownership = (
  payload: EachBatchPayload,
  stopping: () => boolean,
  logger: Logger,
): Ownership => {
  let lost = false;
  return {
    keepGoing: () => !lost && !stopping() && payload.isRunning() && !payload.isStale(),
    heartbeat: async () => {
      try {
        await payload.heartbeat();
      } catch (error) {
        lost = true;
        logger.warn({ err: error }, 'policy heartbeat failed: leaving the batch to the next owner');
      }
    },
  };
};
