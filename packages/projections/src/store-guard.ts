import type { Logger } from 'pino';
import type { AbandonedWrites } from './abandoned-writes.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { withDeadline } from './deadline.ts';
import type { TopicPartition } from './partition-locks.ts';

/** What a batch in progress needs to wait on a store without losing its partition. */
export interface BatchLease {
  /** The partition the batch belongs to: its abandoned store calls are waited for. */
  readonly partition: TopicPartition;
  readonly keepAlive: () => Promise<void>;
  readonly isRunning: () => boolean;
}

/**
 * Every store call of a batch goes through the breaker with a deadline: a store that fails or
 * stops answering pauses consumption (heartbeating) instead of crashing the consumer or holding
 * the batch forever. Nothing is committed until the call succeeds. Each attempt first waits
 * (bounded by the deadline again) for the partition's calls abandoned at their deadline, so a
 * retry does not race the write it replaces.
 */
export class StoreGuard {
  constructor(
    private readonly breaker: CircuitBreaker,
    private readonly abandoned: AbandonedWrites,
    private readonly options: {
      readonly projection: string;
      readonly timeoutMs: number;
      readonly logger: Logger;
    },
  ) {}

  run<T>(what: string, call: () => Promise<T>, lease: BatchLease): Promise<T> {
    const { projection, timeoutMs, logger } = this.options;
    return this.breaker.run(
      async () => {
        if (!(await this.abandoned.settled(lease.partition, timeoutMs, lease.keepAlive)))
          logger.warn(
            { projection, topic: lease.partition.topic, partition: lease.partition.partition },
            `${what}: an abandoned write is still running; retrying anyway`,
          );
        return withDeadline(call, {
          what: `${what} (${projection})`,
          timeoutMs,
          keepAlive: lease.keepAlive,
          onLateFailure: (error) => {
            logger.warn(
              { projection, err: error },
              `${what} abandoned after its deadline failed late`,
            );
          },
          onAbandoned: (abandoned) => {
            this.abandoned.track(lease.partition, abandoned);
          },
        });
      },
      lease.keepAlive,
      lease.isRunning,
    );
  }
}
