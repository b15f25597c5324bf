import type { Command } from 'commander';
import { findProjection } from '../catalog.ts';
import { say, withConnections } from '../cli-io.ts';
import { table } from '../output.ts';
import { listProjections, rebuildStatus } from '../overview.ts';

/** `replay list`: projections, their live target, lag and state. */
export const listCommand = (replay: Command): void => {
  replay
    .command('list')
    .description('projections, their live target, lag and state')
    .option('--json', 'machine-readable output')
    .action((options: { json?: boolean }) =>
      withConnections(async (c) => {
        const rows = await listProjections(c);
        if (options.json) {
          say(JSON.stringify(rows, null, 2));
          return;
        }
        say(
          table(
            rows.map((r) => ({
              projection: r.projection,
              live: `v${String(r.liveVersion)}`,
              target: r.target,
              lag: String(r.lag),
              state: r.state,
              versions: r.versions.map((v) => `v${String(v)}`).join(' '),
            })),
          ),
        );
      }),
    );
};

/** `replay status`: running and past rebuilds. */
export const statusCommand = (replay: Command): void => {
  replay
    .command('status')
    .description('running and past rebuilds, with their progress')
    .argument('[projection]')
    .option('--json', 'machine-readable output')
    .action((projection: string | undefined, options: { json?: boolean }) =>
      withConnections(async (c) => {
        if (projection) findProjection(projection);
        const rows = await rebuildStatus(c, projection);
        if (options.json) {
          say(JSON.stringify(rows, null, 2));
          return;
        }
        say(
          table(
            rows.map((r) => ({
              projection: r.projection,
              version: `v${String(r.version)}${r.live ? ' (live)' : ''}`,
              state: r.state,
              run: r.run ?? '',
              phase: r.phase ?? '',
              events: String(r.events),
              'ev/s': r.eventsPerSecond === null ? '' : String(Math.round(r.eventsPerSecond)),
              lag: r.lag === null ? '' : String(r.lag),
              updated: r.updatedAt,
            })),
          ),
        );
      }),
    );
};
