import type { Logger } from 'pino';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { withDeadline } from './deadline.ts';

/** What a batch in progress needs to wait on a store without losing its partitions. */
export interface BatchLease {
  readonly keepAlive: () => Promise<void>;
  readonly isRunning: () => boolean;
}

/**
 * Every store call of a batch goes through the breaker with a deadline: a store that fails or
 * stops answering pauses consumption (heartbeating) instead of crashing the consumer or holding
 * the batch forever. Nothing is committed until the call succeeds.
 */
export class StoreGuard {
  constructor(
    private readonly breaker: CircuitBreaker,
    private readonly options: {
      readonly projection: string;
      readonly timeoutMs: number;
      readonly logger: Logger;
    },
  ) {}

  run<T>(what: string, call: () => Promise<T>, lease: BatchLease): Promise<T> {
    const { projection, timeoutMs, logger } = this.options;
    return this.breaker.run(
      () =>
        withDeadline(call, {
          what: `${what} (${projection})`,
          timeoutMs,
          keepAlive: lease.keepAlive,
          onLateFailure: (error) => {
            logger.warn(
              { projection, err: error },
              `${what} abandoned after its deadline failed late`,
            );
          },
        }),
      lease.keepAlive,
      lease.isRunning,
    );
  }
}
