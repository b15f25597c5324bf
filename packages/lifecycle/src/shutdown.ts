import type { Logger } from 'pino';

export const defaultShutdownTimeoutMs = 30_000;

/** ORDERFLOW_SHUTDOWN_TIMEOUT_MS: how long a process may take to stop before it exits with 1. */
export const shutdownTimeoutMs = (env: NodeJS.ProcessEnv = process.env): number => {
  const text = env.ORDERFLOW_SHUTDOWN_TIMEOUT_MS?.trim();
  if (!text) return defaultShutdownTimeoutMs;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 100 || value > 600_000)
    throw new Error('ORDERFLOW_SHUTDOWN_TIMEOUT_MS: an integer number of ms, 100 to 600000');
  return value;
};

/** ORDERFLOW_SHUTDOWN_READINESS_GRACE_MS: readiness fails this long before HTTP stops (default 0). */
export const readinessGraceMs = (env: NodeJS.ProcessEnv = process.env): number => {
  const text = env.ORDERFLOW_SHUTDOWN_READINESS_GRACE_MS?.trim();
  if (!text) return 0;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 120_000)
    throw new Error('ORDERFLOW_SHUTDOWN_READINESS_GRACE_MS: an integer number of ms, 0 to 120000');
  return value;
};

export interface SignalSource {
  once(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface ShutdownOptions {
  readonly logger: Logger;
  /** Stops taking work, finishes and commits what is in flight, releases every client. */
  readonly stop: () => Promise<void>;
  readonly timeoutMs?: number;
  readonly signals?: readonly NodeJS.Signals[];
  /** Injected for tests; the process by default. */
  readonly source?: SignalSource;
  readonly exit?: (code: number) => void;
}

/**
 * On SIGTERM or SIGINT: stop, then exit 0; exit 1 if stopping fails or takes longer than the
 * bound (an orchestrator would SIGKILL soon anyway; this way the log says why). Committed work
 * is safe either way: what was not committed is redone after the restart.
 */
export const shutdownOnSignals = (options: ShutdownOptions) => {
  const source = options.source ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = options.timeoutMs ?? defaultShutdownTimeoutMs;
  let stopping = false;
  const begin = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.logger.warn({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    options.logger.info(
      { signal, timeoutMs },
      'shutting down: no new work, finishing in-flight work',
    );
    const timer = setTimeout(() => {
      options.logger.error({ timeoutMs }, 'shutdown did not finish in time; exiting with 1');
      exit(1);
    }, timeoutMs);
    options.stop().then(
      () => {
        clearTimeout(timer);
        options.logger.info('shut down cleanly');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        options.logger.error({ err: error }, 'shutdown failed; exiting with 1');
        exit(1);
      },
    );
  };
  for (const signal of options.signals ?? (['SIGTERM', 'SIGINT'] as const)) {
    const listen = () => {
      source.once(signal, () => {
        listen(); // a second signal is logged, not the default "die now"
        begin(signal);
      });
    };
    listen();
  }
};
