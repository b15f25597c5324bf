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

// Waits are sliced, so a stop or a lost partition is noticed within a slice and the consumer
// session is kept alive by heartbeats.
export const ownershipSliceMs = 1_000;

/** Waits `ms` while the batch is still this member's; false when it no longer is. */
export const pauseWhileOwned = async (owned: Ownership, ms: number): Promise<boolean> => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!owned.keepGoing()) return false;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(ownershipSliceMs, end - Date.now())),
    );
    await owned.heartbeat();
  }
  return owned.keepGoing();
};
