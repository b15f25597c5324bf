import type { Scenario } from './context.ts';
import type { ScenarioResult } from './report.ts';

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Rejects after `ms`: a scenario stuck on a server that stopped answering must not stop the run. */
const withinTime = <T>(work: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${String(ms / 60_000)} min`));
    }, ms);
  });
  return Promise.race([work, timedOut]).finally(() => {
    clearTimeout(timer);
  });
};

/**
 * One scenario, as the report needs it whatever happens: a failure or a time-out is tried once
 * more (the stack is shared: another session may be restarting a database), then reported as
 * not measured with its reason; a scenario that compared nothing says so too.
 */
export const runScenario = async (
  scenario: Scenario,
  runOnce: (scenario: Scenario) => Promise<ScenarioResult>,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<ScenarioResult> => {
  const attempt = () => withinTime(runOnce(scenario), timeoutMs);
  const result = await attempt().catch((first: unknown) => {
    log(` failed (${reason(first)}), again ...`);
    return attempt().catch((second: unknown): ScenarioResult => ({
      comparisons: [],
      notMeasured: [
        { section: scenario.name, label: 'the scenario failed twice', reason: reason(second) },
      ],
    }));
  });
  if (result.comparisons.length > 0 || (result.notMeasured ?? []).length > 0) return result;
  return {
    ...result,
    notMeasured: [
      { section: scenario.name, label: 'no figure', reason: 'the scenario compared nothing' },
    ],
  };
};
