import { DeadlineQueue, type PendingDeadline } from './deadline-queue.ts';

/** Time, injected: the real one in services, a fake one in unit tests. */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

export interface DeadlineTimerOptions {
  readonly clock: Clock;
  /**
   * Fires one due deadline. Resolves once the expiry is durably on its way (e.g. the command is
   * on the commands topic); a rejection puts the deadline back, to be retried after `retryMs`.
   */
  readonly fire: (deadline: PendingDeadline) => Promise<void>;
  readonly retryMs?: number;
  /** setTimeout's longest delay is about 24.8 days; a later deadline is re-armed in steps. */
  readonly maxDelayMs?: number;
  readonly onError?: (error: unknown, deadline: PendingDeadline) => void;
}

/**
 * Keeps one timer armed for the earliest pending deadline and fires what is due when it rings.
 * The queue is the only state; the timer is re-armed after every change, so it never scans.
 * The expiry a fire sends must be idempotent (a deterministic command id): a deadline may fire
 * again after a restart, before the event that settles it has come back.
 */
export class DeadlineTimer {
  readonly queue = new DeadlineQueue();
  private handle: unknown = undefined;
  private armedFor: number | undefined;
  private firing = false;
  private stopped = false;

  constructor(private readonly options: DeadlineTimerOptions) {}

  set(deadline: PendingDeadline): void {
    this.queue.set(deadline);
    this.rearm();
  }

  clear(aggregateId: string): void {
    this.queue.clear(aggregateId);
    this.rearm();
  }

  keepPartitions(owned: ReadonlySet<number>): void {
    this.queue.keepPartitions(owned);
    this.rearm();
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  /** Arms the timer for the earliest deadline, unless it is already armed for that moment. */
  private rearm(): void {
    if (this.stopped || this.firing) return;
    const next = this.queue.nextDueAt();
    if (next === this.armedFor) return;
    this.disarm();
    if (next === undefined) return;
    const delay = Math.min(Math.max(0, next - this.options.clock.now()), this.maxDelay());
    this.armedFor = next;
    this.handle = this.options.clock.setTimer(() => {
      this.handle = undefined;
      this.armedFor = undefined;
      void this.fireDue();
    }, delay);
  }

  private disarm(): void {
    if (this.handle !== undefined) this.options.clock.clearTimer(this.handle);
    this.handle = undefined;
    this.armedFor = undefined;
  }

  private async fireDue(): Promise<void> {
    this.firing = true;
    let retryAt: number | undefined;
    try {
      for (const deadline of this.queue.takeDue(this.options.clock.now())) {
        if (this.stopped) return;
        try {
          await this.options.fire(deadline);
        } catch (error) {
          this.options.onError?.(error, deadline);
          // Not fired: back in the queue (unless set anew meanwhile), retried a little later.
          retryAt = this.options.clock.now() + (this.options.retryMs ?? 1_000);
          if (this.queue.get(deadline.aggregateId) === undefined)
            this.queue.set({ ...deadline, dueAt: retryAt });
        }
      }
    } finally {
      this.firing = false;
      this.rearm();
    }
  }

  private maxDelay(): number {
    return this.options.maxDelayMs ?? 2 ** 31 - 1;
  }
}
