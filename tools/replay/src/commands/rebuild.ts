import type { Command } from 'commander';
import { findProjection } from '../catalog.ts';
import { confirm, isoTimestamp, note, positiveInt, say, withConnections } from '../cli-io.ts';
import { describeVerify } from '../output.ts';
import { progressReporter } from '../progress-bar.ts';
import { rebuildProjection } from '../rebuild.ts';
import { describePlan, planRebuild } from '../rebuild-plan.ts';

/** `replay rebuild`: a new version, verified, then live. */
export const rebuildCommand = (replay: Command): void => {
  replay
    .command('rebuild')
    .description('rebuild a projection into a new version, verify it, and switch reads over')
    .argument('<projection>')
    .option(
      '--from <timestamp>',
      'replay from this ISO-8601 time (append-only projections; earlier rows are copied from the live target)',
      isoTimestamp,
    )
    .option('--dry-run', 'say what would happen, change nothing')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--no-verify', 'switch without comparing with a fresh fold first')
    .option('--no-switch', 'build and verify, but leave the live version as it is')
    .option('--max-rate <events/s>', 'cap the write rate, to spare the stores', positiveInt)
    .option(
      '--handover-ms <ms>',
      'how long the new target is kept current after the switch, for the projector to follow',
      positiveInt,
    )
    .action(
      (
        projection: string,
        options: {
          from?: Date;
          dryRun?: boolean;
          yes?: boolean;
          verify: boolean;
          switch: boolean;
          maxRate?: number;
          handoverMs?: number;
        },
      ) =>
        withConnections(async (c) => {
          const entry = findProjection(projection);
          const plan = await planRebuild(c, entry, options.from ?? null);
          for (const line of describePlan(plan)) say(line);
          if (options.dryRun) {
            say('dry run: nothing was changed');
            return;
          }
          await confirm(
            `Rebuild ${projection} into version ${String(plan.version)}${options.switch ? ' and switch to it' : ''}?`,
            options.yes,
          );
          const interrupt = new AbortController();
          process.once('SIGINT', () => {
            note('stopping at the next checkpoint (Ctrl-C again to kill)...');
            interrupt.abort();
            process.once('SIGINT', () => process.exit(130));
          });
          const bar = progressReporter(process.stderr);
          try {
            const result = await rebuildProjection({
              connections: c,
              entry,
              from: options.from ?? null,
              verify: options.verify,
              switchOver: options.switch,
              signal: interrupt.signal,
              onPlan: (p) => {
                if (p.resuming)
                  note(
                    `resuming version ${String(p.version)} from its checkpoint (${String(p.remaining)} events to go)`,
                  );
              },
              onPhase: (phase) => {
                bar.stop();
                note(`${phase}...`);
              },
              onProgress: bar.update,
              ...(options.maxRate ? { maxEventsPerSecond: options.maxRate } : {}),
              ...(options.handoverMs ? { handoverMs: options.handoverMs } : {}),
            });
            bar.stop();
            if (result.verify) for (const line of describeVerify(result.verify)) say(line);
            say(
              `rebuilt ${projection} v${String(result.version)}: ${String(result.events)} events in ${result.seconds.toFixed(1)} s (${String(Math.round(result.eventsPerSecond))} ev/s)` +
                (result.seededRows > 0 ? `, ${String(result.seededRows)} rows seeded` : '') +
                (result.switched
                  ? `; live now (v${String(result.previousVersion)} kept until: orderflow replay drop ${projection} ${String(result.previousVersion)})`
                  : '; not switched'),
            );
          } finally {
            bar.stop();
          }
        }),
    );
};
