import type { Db } from 'mongodb';
import type { Pool } from 'pg';

export interface CheckResult {
  readonly name: string;
  readonly status: 'ok' | 'failing';
  readonly durationMs: number;
  readonly error?: string;
}

export interface ReadinessCheck {
  readonly name: string;
  readonly probe: () => Promise<unknown>;
}

const checkTimeoutMs = 2000;

export const storeChecks = (stores: {
  readonly mongo: Db;
  readonly pg: Pool;
}): ReadinessCheck[] => [
  { name: 'mongodb', probe: () => stores.mongo.command({ ping: 1 }) },
  { name: 'postgresql', probe: () => stores.pg.query('select 1') },
];

// A store that hangs must fail readiness, not hang the orchestrator's probe with it.
const withinTimeout = async (probe: () => Promise<unknown>) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${String(checkTimeoutMs)} ms`));
    }, checkTimeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
  } finally {
    clearTimeout(timer);
  }
};

const runCheck = async (check: ReadinessCheck): Promise<CheckResult> => {
  const started = performance.now();
  const durationMs = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    await withinTimeout(check.probe);
    return { name: check.name, status: 'ok', durationMs: durationMs() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: check.name, status: 'failing', durationMs: durationMs(), error: message };
  }
};

export const runChecks = async (checks: readonly ReadinessCheck[]) => {
  const results = await Promise.all(checks.map(runCheck));
  return { ready: results.every((result) => result.status === 'ok'), checks: results };
};
