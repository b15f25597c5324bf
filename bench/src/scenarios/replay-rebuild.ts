import type { Scenario } from '../context.ts';

/**
 * EXTENSION POINT: replay rebuild rate (issue 8). Once the replay CLI is on main, measure
 * events/s of a rebuild into a shadow target (a new collection / schema) from a pre-loaded
 * events topic, next to the projector scenario's raw writes of the same views, and return it
 * as a Comparison like scenarios/projector.ts does.
 */
export const replayRebuildScenario: Scenario = {
  name: 'replay-rebuild',
  run: () =>
    Promise.resolve({
      comparisons: [],
      notMeasured: [
        {
          section: 'replay',
          label: 'rebuild rate (events/s into a shadow target)',
          reason:
            'the replay CLI is not on main yet (branch replay-cli); see scenarios/replay-rebuild.ts',
        },
      ],
    }),
};
