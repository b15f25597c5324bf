export type PhaseClock = ReturnType<typeof phaseClock>;

/**
 * Seconds each phase of a scenario took, for its details in the report: where a slow run's
 * time went (start-up, waiting, load) on a machine whose load changes by the minute.
 */
export const phaseClock = () => {
  let last = Date.now();
  const seconds: Record<string, number> = {};
  return {
    /** Ends the phase named, which began at the previous mark (or at the clock's creation). */
    mark: (phase: string) => {
      const now = Date.now();
      seconds[phase] = Math.round((now - last) / 100) / 10;
      last = now;
    },
    seconds: (): Readonly<Record<string, number>> => ({ ...seconds }),
  };
};
