import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long an open circuit waits before one trial call (half-open). */
  readonly openMs: number;
  /** First backoff between retries while the circuit is closed; doubles each time. */
  readonly initialBackoffMs: number;
}

export const defaultBreakerOptions: BreakerOptions = {
  failureThreshold: 5,
  openMs: 60_000,
  initialBackoffMs: 200,
};

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Guards a sink. A failed write is retried with backoff, then, after `failureThreshold`
 * failures in a row, the circuit opens and calls pause for `openMs`. The batch is never dropped:
 * the caller simply does not return, so consumption pauses and resumes when the sink is back.
 */
export class CircuitBreaker {
  state: BreakerState = 'closed';
  private failures = 0;

  /** Failures since the last success (what opens the circuit). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  constructor(
    private readonly name: string,
    private readonly logger: Logger,
    private readonly options: BreakerOptions = defaultBreakerOptions,
  ) {}

  async run<T>(
    call: () => Promise<T>,
    keepAlive: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<T> {
    for (;;) {
      try {
        const result = await call();
        if (this.state !== 'closed')
          this.logger.info({ sink: this.name }, 'sink is back: circuit closed');
        this.state = 'closed';
        this.failures = 0;
        return result;
      } catch (error) {
        this.failures += 1;
        if (!isRunning()) throw error;
        const opening = this.failures >= this.options.failureThreshold;
        if (opening && this.state !== 'open')
          this.logger.error(
            { sink: this.name, err: error, failures: this.failures },
            'sink failing: circuit open',
          );
        else
          this.logger.warn(
            { sink: this.name, err: error, failures: this.failures },
            'sink write failed; retrying',
          );
        this.state = opening ? 'open' : 'closed';
        const wait = opening
          ? this.options.openMs
          : this.options.initialBackoffMs * 2 ** (this.failures - 1);
        await this.pause(wait, keepAlive, isRunning);
        if (opening) this.state = 'half-open';
      }
    }
  }

  // Heartbeats during the pause keep the partitions assigned to this member. A keepAlive that
  // throws ends the pause with its error: the group has moved on (a rebalance), and the member
  // must give the batch back and rejoin now, not after the pause (it would be evicted meanwhile).
  private async pause(ms: number, keepAlive: () => Promise<void>, isRunning: () => boolean) {
    const until = Date.now() + ms;
    while (Date.now() < until && isRunning()) {
      await sleep(Math.min(1_000, until - Date.now()));
      await keepAlive();
    }
  }
}
