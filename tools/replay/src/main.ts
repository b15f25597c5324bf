import { createInterface } from 'node:readline/promises';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { pino } from 'pino';
import { findProjection } from './catalog.ts';
import { connect, UnreachableError, type Connections } from './connections.ts';
import { CliError, RefusedError } from './errors.ts';
import { dropVersion } from './drop.ts';
import { describeVerify, table } from './output.ts';
import { listProjections, rebuildStatus } from './overview.ts';
import { progressReporter } from './progress-bar.ts';
import { rebuildProjection } from './rebuild.ts';
import { describePlan, planRebuild } from './rebuild-plan.ts';
import { hasDifferences, verifyTarget } from './verify.ts';

// Logs of the libraries go to stderr as JSON, only when asked for; the CLI speaks plainly.
const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' }, pino.destination(2));
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const note = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const positiveInt = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1');
  return parsed;
};

const isoTimestamp = (value: string) => {
  const parsed = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(parsed.getTime()))
    throw new InvalidArgumentError('expected an ISO-8601 timestamp, e.g. 2026-11-20T00:00:00Z');
  return parsed;
};

const withConnections = async <T>(work: (c: Connections) => Promise<T>): Promise<T> => {
  const connections = await connect(logger);
  try {
    return await work(connections);
  } finally {
    await connections.close();
  }
};

/** Destructive or switching operations ask on a terminal; elsewhere they need --yes. */
const confirm = async (question: string, yes: boolean | undefined) => {
  if (yes) return;
  if (!process.stdin.isTTY)
    throw new RefusedError(`${question} Not a terminal: pass --yes to confirm.`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question(`${question} [y/N] `);
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new RefusedError('cancelled');
};

const program = new Command('orderflow').description('Orderflow operator commands').exitOverride();
const replay = program
  .command('replay')
  .description('rebuild projections from Kafka without downtime');

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

replay
  .command('verify')
  .description('compare a target with a fresh fold of the topics (counts and checksums per key)')
  .argument('<projection>')
  .option('--version <n>', 'the version to check (default: the live one)', positiveInt)
  .option('--json', 'machine-readable output')
  .action((projection: string, options: { version?: number; json?: boolean }) =>
    withConnections(async (c) => {
      const entry = findProjection(projection);
      const live = (await c.registry.entries()).get(projection)?.liveVersion ?? 1;
      const version = options.version ?? live;
      const known = [live, ...(await c.registry.versionsOf(projection)).map((v) => v.version)];
      if (!known.includes(version))
        throw new RefusedError(
          `${projection} has no version ${String(version)}; it has ${[...new Set(known)].join(', ')}`,
        );
      const report = await verifyTarget(c, entry, version);
      if (options.json) say(JSON.stringify(report, null, 2));
      else for (const line of describeVerify(report)) say(line);
      if (hasDifferences(report)) process.exitCode = 1;
    }),
  );

replay
  .command('drop')
  .description('drop a version that is not live (its collection or tables, checkpoint and group)')
  .argument('<projection>')
  .argument('<version>', 'version number', positiveInt)
  .option('-y, --yes', 'do not ask for confirmation')
  .action((projection: string, version: number, options: { yes?: boolean }) =>
    withConnections(async (c) => {
      const entry = findProjection(projection);
      const live = (await c.registry.entries()).get(projection)?.liveVersion ?? 1;
      if (version === live)
        throw new RefusedError(
          `version ${String(version)} is the live version of ${projection}: rebuild first, then drop the old one`,
        );
      await confirm(`Drop version ${String(version)} of ${projection}?`, options.yes);
      await dropVersion(c, entry, version);
      say(`dropped ${projection} v${String(version)}`);
    }),
  );

export const run = async (argv: readonly string[]): Promise<number> => {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError)
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
        ? 0
        : 2;
    if (error instanceof CliError) {
      note(`orderflow: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof UnreachableError) {
      note(`orderflow: ${error.message}`);
      return 3;
    }
    if (error instanceof Error && error.name === 'UnknownProjectionError') {
      note(`orderflow: ${error.message}`);
      return 2;
    }
    note(`orderflow: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
};
