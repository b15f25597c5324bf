export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
}

export interface DeadlineOptions {
  readonly timeoutMs: number;
  /** What is waited for, for the error message. */
  readonly what: string;
  /** Called every `keepAliveMs` while waiting: a slow write must not cost the group membership. */
  readonly keepAlive?: () => Promise<void>;
  readonly keepAliveMs?: number;
  /** Hears how an abandoned call ended after all, so its late failure is not lost. */
  readonly onLateFailure?: (error: unknown) => void;
  /** Gets the abandoned call, still running: its retry must not race it (AbandonedWrites). */
  readonly onAbandoned?: (call: Promise<unknown>) => void;
}

/**
 * Waits for `work` at most `timeoutMs`. A store that stops answering (FerretDB with an exhausted
 * PostgreSQL pool, a half-open socket) would otherwise hold the batch forever, and the circuit
 * breaker would never see a failure. The abandoned call may still finish later: callers must
 * only use this around writes that are safe to run again concurrently (version-guarded ones),
 * and should not retry before it settled (`onAbandoned`).
 */
export const withDeadline = async <T>(
  work: () => Promise<T>,
  options: DeadlineOptions,
): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  let pulse: NodeJS.Timeout | undefined;
  const call = work();
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new DeadlineExceededError(
          `${options.what} did not finish within ${String(options.timeoutMs)} ms`,
        ),
      );
    }, options.timeoutMs);
  });
  const { keepAlive } = options;
  if (keepAlive)
    pulse = setInterval(() => {
      // A failed heartbeat (a rebalance) is seen again by the caller's next heartbeat or commit.
      void keepAlive().catch(() => undefined);
    }, options.keepAliveMs ?? 3_000);
  try {
    return await Promise.race([call, expired]);
  } catch (error) {
    if (error instanceof DeadlineExceededError) {
      call.catch((late: unknown) => options.onLateFailure?.(late));
      options.onAbandoned?.(call);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    clearInterval(pulse);
  }
};
