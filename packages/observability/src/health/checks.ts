/** One dependency a process needs to do its work, and how to ask it whether it answers. */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves when the dependency is usable; rejects (or exceeds the timeout) when it is not. */
  readonly probe: () => Promise<unknown>;
}

export interface CheckResult {
  readonly name: string;
  readonly status: 'ok' | 'failing';
  readonly durationMs: number;
  readonly error?: string;
}

export const defaultCheckTimeoutMs = 2_000;

// A dependency that hangs must fail readiness, not hang the orchestrator's probe with it.
const withinTimeout = async (probe: () => Promise<unknown>, timeoutMs: number) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${String(timeoutMs)} ms`));
    }, timeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
  } finally {
    clearTimeout(timer);
  }
};

const runCheck = async (check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> => {
  const started = performance.now();
  const durationMs = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    await withinTimeout(check.probe, timeoutMs);
    return { name: check.name, status: 'ok', durationMs: durationMs() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: check.name, status: 'failing', durationMs: durationMs(), error: message };
  }
};

/** Runs every check at once, each bounded by the timeout; ready only when all pass. */
export const runChecks = async (
  checks: readonly ReadinessCheck[],
  timeoutMs = defaultCheckTimeoutMs,
) => {
  const results = await Promise.all(checks.map((check) => runCheck(check, timeoutMs)));
  return { ready: results.every((result) => result.status === 'ok'), checks: results };
};
